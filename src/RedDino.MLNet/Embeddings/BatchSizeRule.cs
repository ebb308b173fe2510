namespace RedDino.MLNet.Embeddings;

/// <summary>The batch size <see cref="RedDinoEmbeddingOptions.AutoBatchSize"/> resolves to, per device. Measured
/// (README "Batch size per device"): on a CPU, ONNX Runtime already spreads one image over every core and a
/// larger batch only makes the intermediate tensors fall out of the caches, so the engine is fastest at small
/// batches (images are still decoded ahead, on worker threads); a GPU needs many images in flight to be busy.</summary>
public static class BatchSizeRule
{
    /// <summary>Images per ONNX Runtime call on the CPU.</summary>
    public const int Cpu = 1;

    /// <summary>Images per ONNX Runtime call on a CUDA device.</summary>
    public const int Cuda = 32;

    /// <summary>The batch size for <paramref name="device"/> ("cpu" or "cuda:N", as <see cref="EmbeddingEngine.Device"/> says).</summary>
    public static int For(string device) => device.StartsWith("cuda", StringComparison.Ordinal) ? Cuda : Cpu;

    /// <summary><paramref name="requested"/> unless it is <see cref="RedDinoEmbeddingOptions.AutoBatchSize"/>, else the rule for <paramref name="device"/>.</summary>
    public static int Resolve(int requested, string device) => requested == RedDinoEmbeddingOptions.AutoBatchSize ? For(device) : requested;
}
