namespace RedDino.MLNet.Embeddings;

/// <summary>Settings of the embedding engine and of <c>ExtractRedDinoEmbeddings</c>; defaults come from
/// <see cref="RedDinoEmbeddingDefaults"/>. Preprocessing itself is not an option: it is read from the
/// model's <c>reddino.*</c> metadata so that embeddings always match the reference.</summary>
public sealed class RedDinoEmbeddingOptions
{
    /// <summary>Value of <see cref="BatchSize"/> that lets the engine choose per device (<see cref="BatchSizeRule"/>).</summary>
    public const int AutoBatchSize = 0;

    /// <summary>Images per ONNX Runtime call: 1 to <see cref="RedDinoEmbeddingDefaults.MaxBatchSize"/>, or <see cref="AutoBatchSize"/> (the default) for the
    /// device's rule (<see cref="BatchSizeRule"/>: on a CPU about 1,024 token rows per call for a ViT, e.g. 4 images
    /// of ViT-S/14 at 224 px, and 32 for other models; 32 on CUDA; <see cref="EmbeddingEngine.BatchSize"/> says what
    /// was chosen). float32 results do not depend on it (within 1e-5); an int8 model's do slightly,
    /// since its activations are quantized per batch. The engine lowers it, with a notice, when the batch buffers would
    /// not fit in a quarter of the memory available, and uses the model's own batch size when its graph fixes one.</summary>
    public int BatchSize = RedDinoEmbeddingDefaults.BatchSize;

    /// <summary>Largest width x height of an image, and of a crop box, that is decoded (default: Pillow's
    /// MAX_IMAGE_PIXELS, 89,478,485). The size an image declares is checked before it is decoded, so a file
    /// whose header claims more is a bad image (a decompression bomb), reported like an unreadable one.</summary>
    public long MaxImagePixels = RedDinoEmbeddingDefaults.MaxImagePixels;

    /// <summary>Threads that read, decode and preprocess images ahead of inference; 0 = one per logical processor.</summary>
    public int PreprocessingThreads = RedDinoEmbeddingDefaults.PreprocessingThreads;

    /// <summary>ONNX Runtime intra-op threads (CPU); 0 = ONNX Runtime's default (one per physical core).</summary>
    public int IntraOpThreads = RedDinoEmbeddingDefaults.IntraOpThreads;

    /// <summary>Batches prepared ahead of the one being inferred (at least 1).</summary>
    public int PrefetchBatches = RedDinoEmbeddingDefaults.PrefetchBatches;

    /// <summary>Execution device: Auto, Cpu or Cuda.</summary>
    public EmbeddingDevice Device = RedDinoEmbeddingDefaults.Device;

    /// <summary>CUDA device id, used when <see cref="Device"/> is Auto or Cuda.</summary>
    public int GpuId = RedDinoEmbeddingDefaults.GpuId;

    /// <summary>Folder of the embedding cache, or null for no cache. Entries are keyed by model sha256,
    /// image file sha256, crop box, preprocessing and cache format, so a stale entry is never used.</summary>
    public string? CacheFolder;

    /// <summary>Folder where safetensors checkpoints given as the model are kept once converted to ONNX
    /// (content-addressed: <c>&lt;sha256 key&gt;.onnx</c>, reused for the same checkpoint bytes, written atomically).
    /// Null: <c>$REDDINO_MODEL_CACHE</c>, else <c>%LOCALAPPDATA%\RedDino\models</c> on Windows and
    /// <c>$XDG_CACHE_HOME/reddino/models</c> (<c>~/.cache/reddino/models</c>) elsewhere.</summary>
    public string? ModelCacheFolder;

    /// <summary>Manifest runs only: skip images that are missing or cannot be decoded (they are reported)
    /// instead of stopping at the first one.</summary>
    public bool SkipBad;

    /// <summary>Folder that relative image paths of a text input column resolve against (ML.NET input);
    /// null = the current folder. Manifest runs use the manifest's folder or the data root instead.</summary>
    public string? ImageFolder;

    /// <summary>A vector column of 4 numbers (x, y, w, h) holding each row's crop box in pixels of the source image
    /// (ML.NET input), e.g. the <c>CropBox</c> column of <c>mlContext.Data.LoadRedDinoManifest</c>; a row whose four values
    /// are NaN is embedded whole. Null: no crop column. A box may extend past the border (edge replication).</summary>
    public string? CropBoxColumnName;

    /// <summary>Four numeric columns (Single, Double, Int32 or Int64) holding each row's crop box x, y, w, h, e.g.
    /// <c>["crop_x", "crop_y", "crop_w", "crop_h"]</c> as in a manifest loaded with LoadFromTextFile; NaN or 0 in all four
    /// (LoadFromTextFile reads empty fields as 0): the whole image. Null: none. Use either this or <see cref="CropBoxColumnName"/>.</summary>
    public string[]? CropColumnNames;

    /// <summary>Receives one-line notices (e.g. the CUDA fallback). Null: the ML.NET transform and bundles
    /// write them to the MLContext's log (<c>MLContext.Log</c>), the engine used on its own to stderr.</summary>
    public Action<string>? Log;

    /// <summary>A copy of these options.</summary>
    public RedDinoEmbeddingOptions Clone() => (RedDinoEmbeddingOptions)MemberwiseClone();

    /// <summary>Checks every value's range; the engine and the estimator call it before they start.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value out of range (names the field).</exception>
    /// <exception cref="ArgumentException">Both crop-box forms, or crop column names that are not four.</exception>
    public void Validate()
    {
        if (BatchSize is < AutoBatchSize or > RedDinoEmbeddingDefaults.MaxBatchSize)
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, $"batch size must be between 1 and {RedDinoEmbeddingDefaults.MaxBatchSize}, or {AutoBatchSize} (automatic)");
        Formats.Imaging.ImageLimits.ValidateLimit(MaxImagePixels, nameof(MaxImagePixels));
        if (PreprocessingThreads < 0) throw new ArgumentOutOfRangeException(nameof(PreprocessingThreads), PreprocessingThreads, "must be 0 (automatic) or more");
        if (IntraOpThreads < 0) throw new ArgumentOutOfRangeException(nameof(IntraOpThreads), IntraOpThreads, "must be 0 (automatic) or more");
        if (PrefetchBatches < 1) throw new ArgumentOutOfRangeException(nameof(PrefetchBatches), PrefetchBatches, "must be at least 1");
        if (GpuId < 0) throw new ArgumentOutOfRangeException(nameof(GpuId), GpuId, "GPU id must be 0 or more");
        if (CropBoxColumnName is not null && CropColumnNames is not null)
            throw new ArgumentException($"give either {nameof(CropBoxColumnName)} or {nameof(CropColumnNames)}, not both", nameof(CropColumnNames));
        if (CropColumnNames is { } crop && (crop.Length != 4 || crop.Any(string.IsNullOrEmpty)))
            throw new ArgumentException($"{nameof(CropColumnNames)} must name four columns (x, y, w, h); got [{string.Join(", ", crop)}]", nameof(CropColumnNames));
    }

    internal int EffectivePreprocessingThreads => PreprocessingThreads > 0 ? PreprocessingThreads : Math.Max(1, Environment.ProcessorCount);

    internal void Notice(string message) => (Log ?? Console.Error.WriteLine)(message);
}
