using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Security.Cryptography;

namespace RedDino.MLNet.Embeddings;

/// <summary>One streaming run of the engine: a producer thread walks the caller's items in order,
/// worker threads read, hash (cache lookup), decode and preprocess them ahead of inference, and the
/// consuming thread packs the prepared tensors into pinned batch buffers, runs ONNX Runtime on an
/// inference task (one batch in flight while the next is packed) and yields results in input order.</summary>
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

        // Two pinned buffer pairs (input [B, 3, S, S], output [B, D]) alternate: while ONNX Runtime runs
        // batch k from one pair on an inference task, this thread packs batch k+1 into the other and
        // hands batch k-1's results to the caller, so packing and the caller's work hide behind Run.
        BatchBuffers[] buffers = [new(_batchSize, _inputLength, _dim), new(_batchSize, _inputLength, _dim)];
        var filling = 0;
        var pending = new List<Slot>();
        var misses = 0;
        InFlightBatch? inFlight = null;
        try
        {
            foreach (var slot in ordered.GetConsumingEnumerable(stop.Token))
            {
                slot.Done.Wait(stop.Token);
                if (slot.Tensor is { } tensor)
                {
                    tensor.AsSpan(0, _inputLength).CopyTo(buffers[filling].Input.AsSpan(misses * _inputLength, _inputLength));
                    ArrayPool<float>.Shared.Return(tensor);
                    slot.Tensor = null;
                    slot.BatchPosition = misses++;
                }
                else if (pending.Count == 0 && inFlight is null)
                {
                    yield return ResultOf(slot); // cached or failed, nothing waits before it
                    continue;
                }
                pending.Add(slot);
                if (misses < _batchSize) continue;

                // Batch k is full: wait for k-1, start k, then give out k-1 while k runs.
                var finished = inFlight?.Completed() ?? [];
                var (slots, filled, count) = (pending, buffers[filling], misses);
                inFlight = new InFlightBatch(Task.Run(() => Infer(slots, filled, count)), slots);
                pending = [];
                misses = 0;
                filling ^= 1;
                foreach (var done in finished) yield return ResultOf(done);
                if (ordered.Count == 0)
                {
                    // Nothing queued behind batch k (the input is slow, or waits for these results):
                    // finish it now instead of holding its rows until more input arrives.
                    finished = inFlight.Completed();
                    inFlight = null;
                    foreach (var done in finished) yield return ResultOf(done);
                }
            }
            cancellation.ThrowIfCancellationRequested();
            if (producerError is not null) ExceptionDispatchInfo.Capture(producerError).Throw();
            if (inFlight is not null)
            {
                var last = inFlight.Completed();
                inFlight = null;
                foreach (var done in last) yield return ResultOf(done);
            }
            if (pending.Count > 0)
            {
                Infer(pending, buffers[filling], misses);
                foreach (var done in pending) yield return ResultOf(done);
            }
        }
        finally
        {
            stop.Cancel();
            // A batch still running when the caller stops early (or a fault) must end before the buffers go.
            try { inFlight?.Run.Wait(); } catch (AggregateException) { }
            Task.WaitAll([producer, .. workers]);
            foreach (var slot in pending)
                if (slot.Tensor is { } t) ArrayPool<float>.Shared.Return(t);
        }
    }

    /// <summary>A batch running on the inference task and the slots it fills.</summary>
    private sealed record InFlightBatch(Task Run, List<Slot> Slots)
    {
        /// <summary>Waits for the run (rethrowing its fault as is) and returns the slots, now filled.</summary>
        public List<Slot> Completed()
        {
            Run.GetAwaiter().GetResult();
            return Slots;
        }
    }

    /// <summary>One batch's pinned buffers: inputs [B, 3, S, S] and outputs [B, D].</summary>
    private sealed class BatchBuffers(int batchSize, int inputLength, int dim)
    {
        public float[] Input { get; } = GC.AllocateUninitializedArray<float>(batchSize * inputLength, pinned: true);
        public float[] Output { get; } = GC.AllocateUninitializedArray<float>(batchSize * dim, pinned: true);
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
                if (_cache.TryRead(slot.CacheKey, cached) && BatchSizing.FirstNonFinite(cached) < 0)
                {
                    slot.Embedding = cached;
                    slot.FromCache = true;
                    return;
                }
            }
            var image = request.Decode(bytes, _engine.Options.MaxImagePixels);
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

    private void Infer(List<Slot> pending, BatchBuffers buffers, int count)
    {
        if (count == 0) return;
        var output = buffers.Output;
        _engine.RunBatch(buffers.Input, count, output);
        foreach (var slot in pending)
        {
            if (slot.BatchPosition < 0) continue;
            var embedding = output.AsSpan(slot.BatchPosition * _dim, _dim);
            try
            {
                EmbeddingEngine.CheckFinite(embedding, slot.Request!.Name);
            }
            catch (InvalidDataException e)
            {
                slot.Error = e; // a bad image for the caller; never cached
                continue;
            }
            slot.Embedding = embedding.ToArray();
            if (slot.CacheKey is not null) _cache!.Write(slot.CacheKey, slot.Embedding);
        }
    }

    private static EmbeddingResult<T> ResultOf(Slot slot)
    {
        slot.Done.Dispose();
        return new EmbeddingResult<T>(slot.Index, slot.Item, slot.Embedding, slot.FromCache, slot.Error);
    }
}
