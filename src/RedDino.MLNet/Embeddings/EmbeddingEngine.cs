using System.Security.Cryptography;
using Microsoft.ML.OnnxRuntime;
using RedDino.Formats.Imaging;
using RedDino.Formats.Manifests;
using RedDino.Formats.Onnx;

namespace RedDino.MLNet.Embeddings;

/// <summary>Batched RedDino embeddings on ONNX Runtime with the reference preprocessing: worker threads
/// decode and preprocess ahead of inference, batches run on CPU or CUDA, and an optional cache skips
/// images already embedded. Owns the ONNX Runtime session; dispose it when done. Thread-safe.</summary>
public sealed partial class EmbeddingEngine : IDisposable
{
    private static readonly string[] InputNames = [BackboneContract.InputName];
    private static readonly string[] OutputNames = [BackboneContract.EmbeddingOutput];

    private readonly InferenceSession _session;
    private readonly EmbeddingCache? _cache;
    private OrtAllocator? _pinnedAllocator;
    private OrtMemoryInfo? _pinnedMemory;
    private long _batchesRun;
    private long _imagesInferred;
    private bool _disposed;

    /// <summary>Opens <paramref name="modelPath"/> on the device of <paramref name="options"/> (defaults:
    /// <see cref="RedDinoEmbeddingDefaults"/>): an ONNX backbone of the contract, or a Hugging Face / timm RedDino
    /// (or DINOv2-layout) safetensors checkpoint, converted to ONNX in process on first use and kept in
    /// <see cref="RedDinoEmbeddingOptions.ModelCacheFolder"/>.</summary>
    /// <exception cref="FileNotFoundException">The model file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is neither an ONNX backbone with <c>pixel_values</c> -&gt; <c>embedding</c>
    /// nor a safetensors checkpoint of a DINOv2 ViT (a .pth is refused with the command that converts it).</exception>
    /// <exception cref="OnnxRuntimeUnavailableException">The application carries no native ONNX Runtime, or <c>Device = Cuda</c> and CUDA cannot start.</exception>
    public EmbeddingEngine(string modelPath, RedDinoEmbeddingOptions? options = null)
    {
        Options = options?.Clone() ?? new RedDinoEmbeddingOptions();
        Options.Validate();
        var (full, convertedFrom) = ConvertedBackbones.Resolve(modelPath, Options.ModelCacheFolder);
        (_session, Device) = OnnxSessionFactory.Create(full, Options);
        try
        {
            Model = RedDinoModelInfo.FromSession(_session, full, convertedFrom);
            Preprocessor = new ImagePreprocessor(Model.Preprocessing, Options.MaxImagePixels);
            BatchSize = BatchSizing.Effective(Options, Model, Preprocessor.InputLength, BatchSizeRule.Resolve(Options.BatchSize, Device, Model));
            if (Options.CacheFolder is { } folder)
                _cache = new EmbeddingCache(folder, Model.Sha256, Model.Preprocessing, Model.EmbedDim);
        }
        catch
        {
            _session.Dispose();
            throw;
        }
    }

    /// <summary>The options in effect (a copy of those given; BatchSize as the engine runs it).</summary>
    public RedDinoEmbeddingOptions Options { get; }

    /// <summary>The model: embedding size, preprocessing, sha256.</summary>
    public RedDinoModelInfo Model { get; }

    /// <summary>Where inference runs: "cpu" or "cuda:N".</summary>
    public string Device { get; }

    /// <summary>Images per ONNX Runtime call: <see cref="RedDinoEmbeddingOptions.BatchSize"/>, or the device's rule when that is automatic.</summary>
    public int BatchSize { get; }

    /// <summary>The preprocessing applied to every image.</summary>
    public ImagePreprocessor Preprocessor { get; }

    /// <summary>Embedding dimension D.</summary>
    public int EmbedDim => Model.EmbedDim;

    /// <summary>True once disposed (the session is released).</summary>
    public bool IsDisposed => _disposed;

    /// <summary>What embedding files written from this engine record about their producer.</summary>
    public EmbeddingFileInfo FileInfo() => new(Model.Sha256, Model.Name, Model.EmbedDim, Model.Preprocessing.ToJson());

    /// <summary>ONNX Runtime calls made so far (the cache test counts them).</summary>
    internal long BatchesRun => Interlocked.Read(ref _batchesRun);

    /// <summary>Images sent through ONNX Runtime so far.</summary>
    internal long ImagesInferred => Interlocked.Read(ref _imagesInferred);

    /// <summary>Cache entries found damaged so far (each was recomputed).</summary>
    internal int CorruptCacheEntries => _cache?.CorruptEntries ?? 0;

    /// <summary>Embeds a stream of items in batches; results come back lazily and in input order, each
    /// with its embedding or the error that prevented it (missing or undecodable image).</summary>
    /// <param name="items">The caller's items, enumerated once on a background thread.</param>
    /// <param name="toRequest">What to embed for an item (file, bytes or decoded image, plus crop box).</param>
    /// <param name="cancellation">Stops the run; the enumeration then throws <see cref="OperationCanceledException"/>.</param>
    public IEnumerable<EmbeddingResult<T>> EmbedStream<T>(IEnumerable<T> items, Func<T, ImageRequest> toRequest, CancellationToken cancellation = default)
    {
        ThrowIfDisposed();
        return new EmbeddingPipeline<T>(this, _cache).Run(items, toRequest, cancellation);
    }

    /// <summary>Embeds one image on the calling thread (cache honoured).</summary>
    /// <exception cref="FileNotFoundException">The image file does not exist.</exception>
    /// <exception cref="InvalidDataException">The image cannot be decoded.</exception>
    public float[] Embed(ImageRequest request)
    {
        ThrowIfDisposed();
        var bytes = request.ReadBytes();
        byte[]? key = null;
        var embedding = new float[EmbedDim];
        if (_cache is not null && bytes is not null)
        {
            key = _cache.KeyFor(SHA256.HashData(bytes), request.Crop);
            if (_cache.TryRead(key, embedding) && BatchSizing.FirstNonFinite(embedding) < 0) return embedding;
        }
        var input = new float[Preprocessor.InputLength];
        Preprocessor.Preprocess(request.Decode(bytes, Options.MaxImagePixels), request.Crop, input);
        RunBatch(input, 1, embedding);
        CheckFinite(embedding, request.Name);
        if (key is not null) _cache!.Write(key, embedding);
        return embedding;
    }

    /// <summary>Runs the model on <paramref name="count"/> prepared inputs, row-major [count, 3, S, S] in
    /// <paramref name="input"/>, writing [count, D] into <paramref name="output"/>. Pinned arrays avoid a copy.
    /// A model whose graph fixes the batch size runs that many rows (the rows past <paramref name="count"/> are padding).</summary>
    public void RunBatch(float[] input, int count, float[] output)
    {
        ThrowIfDisposed();
        var size = Model.Preprocessing.ImageSize;
        var rows = Model.StaticBatchSize ?? count;
        if (count < 1 || count > rows || input.Length < count * Preprocessor.InputLength || output.Length < count * EmbedDim)
            throw new ArgumentException($"buffers too small for a batch of {count}");
        // [count, ...] -> [rows, ...] when the graph's batch is fixed and the buffers are shorter.
        var runInput = input.Length >= rows * Preprocessor.InputLength ? input : Padded(input, count * Preprocessor.InputLength, rows * Preprocessor.InputLength);
        var runOutput = output.Length >= rows * EmbedDim ? output : new float[rows * EmbedDim];
        using var inputValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance,
            runInput.AsMemory(0, rows * Preprocessor.InputLength), [rows, 3, size, size]);
        using var outputValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance,
            runOutput.AsMemory(0, rows * EmbedDim), [rows, EmbedDim]);
        using var runOptions = new RunOptions();
        try
        {
            _session.Run(runOptions, InputNames, [inputValue], OutputNames, [outputValue]);
        }
        catch (OnnxRuntimeException e)
        {
            // The graph accepted the contract's signature but fails on real input (or runs out of memory at this batch size).
            throw new InvalidDataException($"{Model.Path}: ONNX Runtime could not run the model on a batch of {rows} ({RedDinoModelInfo.FirstLine(e.Message)})", e);
        }
        if (!ReferenceEquals(runOutput, output)) runOutput.AsSpan(0, count * EmbedDim).CopyTo(output);
        Interlocked.Increment(ref _batchesRun);
        Interlocked.Add(ref _imagesInferred, count);
    }

    private static float[] Padded(float[] values, int length, int paddedLength)
    {
        var padded = new float[paddedLength];
        values.AsSpan(0, length).CopyTo(padded);
        return padded;
    }

    /// <summary>A NaN or infinite embedding is the model failing on this image: the image is reported as bad
    /// (skipped under SkipBad) instead of writing numbers no classifier can use.</summary>
    /// <exception cref="InvalidDataException">A value is not finite (names the image and the feature).</exception>
    internal static void CheckFinite(ReadOnlySpan<float> embedding, string imageName)
    {
        var j = BatchSizing.FirstNonFinite(embedding);
        if (j >= 0)
            throw new InvalidDataException($"{imageName}: the model's embedding holds {embedding[j]} at feature {j} (not a finite number); the embedding is not used");
    }

    /// <summary>A batch buffer pair bound to the session (<see cref="BoundBatch"/>): CUDA-pinned host memory on a GPU,
    /// pinned managed arrays on the CPU. The caller disposes it before the engine.</summary>
    internal BoundBatch BindBatch(int capacity)
    {
        ThrowIfDisposed();
        return new BoundBatch(_session, PinnedAllocator(), capacity, Model.Preprocessing.ImageSize, EmbedDim);
    }

    /// <summary>Runs the model on the first <paramref name="count"/> images packed into <paramref name="batch"/>: a full
    /// batch through its binding, a run's last, smaller one through <see cref="RunBatch"/> on copies.</summary>
    internal void RunBound(BoundBatch batch, int count)
    {
        ThrowIfDisposed();
        if (count < batch.Capacity)
        {
            var output = new float[count * EmbedDim];
            RunBatch(batch.Input[..(count * Preprocessor.InputLength)].ToArray(), count, output);
            output.CopyTo(batch.Output);
            return;
        }
        try
        {
            batch.Run();
        }
        catch (OnnxRuntimeException e)
        {
            // The graph accepted the contract's signature but fails on real input (or runs out of memory at this batch size).
            throw new InvalidDataException($"{Model.Path}: ONNX Runtime could not run the model on a batch of {count} ({RedDinoModelInfo.FirstLine(e.Message)})", e);
        }
        Interlocked.Increment(ref _batchesRun);
        Interlocked.Add(ref _imagesInferred, count);
    }

    // ONNX Runtime's page-locked host allocator of the session's GPU (null on the CPU).
    private OrtAllocator? PinnedAllocator()
    {
        if (!Device.StartsWith("cuda", StringComparison.Ordinal)) return null;
        lock (_session)
        {
            _pinnedMemory ??= new OrtMemoryInfo(CudaPinnedAllocatorName, OrtAllocatorType.DeviceAllocator, Options.GpuId, OrtMemType.CpuOutput);
            return _pinnedAllocator ??= new OrtAllocator(_session, _pinnedMemory);
        }
    }

    /// <summary>ONNX Runtime's name of the CUDA provider's page-locked host memory.</summary>
    private const string CudaPinnedAllocatorName = "CudaPinned";

    /// <summary>True for the failures that mean "this image is bad" (missing, unreadable, undecodable),
    /// as opposed to faults of the program.</summary>
    internal static bool IsBadImage(Exception e) =>
        e is InvalidDataException or FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or IOException;

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    /// <summary>Releases the ONNX Runtime session.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _pinnedAllocator?.Dispose();
        _pinnedMemory?.Dispose();
        _session.Dispose();
    }
}
