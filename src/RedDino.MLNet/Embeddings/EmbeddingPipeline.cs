using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Security.Cryptography;

namespace RedDino.MLNet.Embeddings;

/// <summary>One streaming run of the engine: a producer thread walks the caller's items in order,
/// worker threads read, hash (cache lookup), decode and preprocess them ahead of inference, and the
/// consuming thread packs the prepared tensors into one pinned batch buffer, runs ONNX Runtime
/// and yields results in input order.</summary>
/// <remarks>
/// Overlap: while the consumer is inside <c>Run</c>, the workers keep preparing up to
/// PrefetchBatches x BatchSize items (a bounded, ordered queue gives the back-pressure).
/// Cached and failed items take no batch slot; they are yielded in order with the batch around them.
/// </remarks>
internal sealed class EmbeddingPipeline<T>
{
    private readonly EmbeddingEngine _engine;
    private readonly EmbeddingCache? _cache;
    private readonly int _batchSize;
    private readonly int _inputLength;
    private readonly int _dim;

    public EmbeddingPipeline(EmbeddingEngine engine, EmbeddingCache? cache)
    {
        _engine = engine;
        _cache = cache;
        _batchSize = engine.Options.BatchSize;
        _inputLength = engine.Preprocessor.InputLength;
        _dim = engine.Model.EmbedDim;
    }

    private sealed class Slot(int index, T item)
    {
        public int Index { get; } = index;
        public T Item { get; } = item;
        public ImageRequest? Request;
        public float[]? Tensor;       // rented, [3, S, S]
        public int BatchPosition = -1;
        public byte[]? CacheKey;
        public float[]? Embedding;
        public bool FromCache;
        public Exception? Error;
        public readonly ManualResetEventSlim Done = new(false);
    }

    public IEnumerable<EmbeddingResult<T>> Run(IEnumerable<T> items, Func<T, ImageRequest> toRequest, CancellationToken cancellation)
    {
        var options = _engine.Options;
        var threads = options.EffectivePreprocessingThreads;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        using var ordered = new BlockingCollection<Slot>(options.PrefetchBatches * _batchSize + threads);
        using var work = new BlockingCollection<Slot>();
        Exception? producerError = null;

        var producer = Task.Factory.StartNew(() =>
        {
            try
            {
                var index = 0;
                foreach (var item in items)
                {
                    var slot = new Slot(index++, item);
                    try
                    {
                        slot.Request = toRequest(item);
                    }
                    catch (Exception e) when (EmbeddingEngine.IsBadImage(e))
                    {
                        slot.Error = e;
                        slot.Done.Set();
                    }
                    ordered.Add(slot, stop.Token);
                    if (slot.Request is not null) work.Add(slot, stop.Token);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
            catch (Exception e)
            {
                producerError = e;
            }
            finally
            {
                ordered.CompleteAdding();
                work.CompleteAdding();
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        var workers = Enumerable.Range(0, threads).Select(_ => Task.Factory.StartNew(() =>
        {
            try
            {
                foreach (var slot in work.GetConsumingEnumerable(stop.Token))
                    Prepare(slot);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();

        // One pinned input buffer [B, 3, S, S] and output buffer [B, D], reused by every batch of the run.
        var input = GC.AllocateUninitializedArray<float>(_batchSize * _inputLength, pinned: true);
        var output = GC.AllocateUninitializedArray<float>(_batchSize * _dim, pinned: true);
        var pending = new List<Slot>();
        var misses = 0;
        try
        {
            foreach (var slot in ordered.GetConsumingEnumerable(stop.Token))
            {
                slot.Done.Wait(stop.Token);
                if (slot.Tensor is { } tensor)
                {
                    tensor.AsSpan(0, _inputLength).CopyTo(input.AsSpan(misses * _inputLength, _inputLength));
                    ArrayPool<float>.Shared.Return(tensor);
                    slot.Tensor = null;
                    slot.BatchPosition = misses++;
                }
                else if (pending.Count == 0)
                {
                    yield return ResultOf(slot); // cached or failed, nothing waits before it
                    continue;
                }
                pending.Add(slot);
                if (misses < _batchSize) continue;
                Infer(pending, input, output, misses);
                foreach (var done in pending) yield return ResultOf(done);
                pending.Clear();
                misses = 0;
            }
            cancellation.ThrowIfCancellationRequested();
            if (producerError is not null) ExceptionDispatchInfo.Capture(producerError).Throw();
            if (pending.Count > 0)
            {
                Infer(pending, input, output, misses);
                foreach (var done in pending) yield return ResultOf(done);
            }
        }
        finally
        {
            stop.Cancel();
            Task.WaitAll([producer, .. workers]);
            foreach (var slot in pending)
                if (slot.Tensor is { } t) ArrayPool<float>.Shared.Return(t);
        }
    }

    // Worker: read -> (hash, cache lookup) -> decode -> crop/resize/normalise into a rented [3, S, S] tensor.
    private void Prepare(Slot slot)
    {
        try
        {
            var request = slot.Request!;
            var bytes = request.ReadBytes();
            if (_cache is not null && bytes is not null)
            {
                slot.CacheKey = _cache.KeyFor(SHA256.HashData(bytes), request.Crop);
                var cached = new float[_dim];
                if (_cache.TryRead(slot.CacheKey, cached))
                {
                    slot.Embedding = cached;
                    slot.FromCache = true;
                    return;
                }
            }
            var image = request.Decode(bytes);
            var tensor = ArrayPool<float>.Shared.Rent(_inputLength);
            try
            {
                _engine.Preprocessor.Preprocess(image, request.Crop, tensor);
                slot.Tensor = tensor;
            }
            catch
            {
                ArrayPool<float>.Shared.Return(tensor);
                throw;
            }
        }
        catch (Exception e)
        {
            slot.Error = e;
        }
        finally
        {
            slot.Done.Set();
        }
    }

    private void Infer(List<Slot> pending, float[] input, float[] output, int count)
    {
        if (count == 0) return;
        _engine.RunBatch(input, count, output);
        foreach (var slot in pending)
        {
            if (slot.BatchPosition < 0) continue;
            slot.Embedding = output.AsSpan(slot.BatchPosition * _dim, _dim).ToArray();
            if (slot.CacheKey is not null) _cache!.Write(slot.CacheKey, slot.Embedding);
        }
    }

    private static EmbeddingResult<T> ResultOf(Slot slot)
    {
        slot.Done.Dispose();
        return new EmbeddingResult<T>(slot.Index, slot.Item, slot.Embedding, slot.FromCache, slot.Error);
    }
}
