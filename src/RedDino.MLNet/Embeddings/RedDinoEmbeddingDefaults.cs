namespace RedDino.MLNet.Embeddings;

/// <summary>Every default of the embedding engine, the ML.NET estimator and `reddino embed`, in one place.</summary>
public static class RedDinoEmbeddingDefaults
{
    /// <summary>Images per ONNX Runtime call.</summary>
    public const int BatchSize = 32;

    /// <summary>The largest batch size accepted: beyond a few dozen images a batch no longer runs faster
    /// (README, "Performance, measured"), and the batch buffers grow with it.</summary>
    public const int MaxBatchSize = 4096;

    /// <summary>Largest width x height of an image (and of a crop box) that is decoded: Pillow's
    /// <c>MAX_IMAGE_PIXELS</c>. A header that claims more is a bad image (a decompression bomb).</summary>
    public const long MaxImagePixels = Formats.Imaging.ImageLimits.DefaultMaxPixels;

    /// <summary>Decoding/preprocessing worker threads; 0 means one per logical processor.</summary>
    public const int PreprocessingThreads = 0;

    /// <summary>ONNX Runtime intra-op threads; 0 lets ONNX Runtime choose (one per physical core).</summary>
    public const int IntraOpThreads = 0;

    /// <summary>How many batches the workers may prepare ahead of the one being inferred.</summary>
    public const int PrefetchBatches = 2;

    /// <summary>Execution device.</summary>
    public const EmbeddingDevice Device = EmbeddingDevice.Auto;

    /// <summary>CUDA device id.</summary>
    public const int GpuId = 0;

    /// <summary>Cache folder that `reddino embed` uses, relative to the current folder, unless --cache-dir or --no-cache.</summary>
    public const string CommandLineCacheFolder = ".reddino-cache";
}
