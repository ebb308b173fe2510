using System.Globalization;
using RedDino.Formats;

namespace RedDino.MLNet.Embeddings;

/// <summary>The batch size <see cref="RedDinoEmbeddingOptions.AutoBatchSize"/> resolves to, per device and model,
/// chosen from the measured table in README ("Batch size per device"). On a CPU what matters is how many rows
/// the model's matrix products get per call: a ViT already has (S/p)² + 1 token rows per image, so a few images
/// fill the cores' GEMM blocks and larger batches gain little (ViT-S/14 at 224 px, 257 tokens, was fastest at or
/// near batch 4, fp32 and int8); a convolutional network's late feature maps are small (7 x 7 in the ResNet-18),
/// and batching is what fills them (the ResNet-18 ran 2 to 2.3x faster at 32 than at 1). A GPU needs many images
/// in flight.</summary>
public static class BatchSizeRule
{
    /// <summary>Images per ONNX Runtime call on a CUDA device.</summary>
    public const int Cuda = 32;

    /// <summary>CPU, a ViT (the model has <c>reddino.patch_size</c>): about this many token rows per call.</summary>
    public const int CpuTokensPerCall = 1024;

    /// <summary>CPU, any other model (convolutional backbones), and the upper bound for ViTs.</summary>
    public const int CpuMax = 32;

    /// <summary>The batch size for <paramref name="model"/> on <paramref name="device"/> ("cpu" or "cuda:N", as
    /// <see cref="EmbeddingEngine.Device"/> says): CUDA <see cref="Cuda"/>; CPU round(<see cref="CpuTokensPerCall"/> /
    /// tokens per image) within 1..<see cref="CpuMax"/> for a ViT, else <see cref="CpuMax"/>.</summary>
    public static int For(string device, RedDinoModelInfo model)
    {
        if (device.StartsWith("cuda", StringComparison.Ordinal)) return Cuda;
        if (!model.Metadata.TryGetValue(MetadataKeys.PatchSize, out var text)
            || !int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var patch) || patch < 1)
            return CpuMax;
        var grid = model.Preprocessing.ImageSize / patch;
        var tokens = grid * grid + 1; // patches and the CLS token
        return Math.Clamp((int)Math.Round(CpuTokensPerCall / (double)tokens), 1, CpuMax);
    }

    /// <summary><paramref name="requested"/> unless it is <see cref="RedDinoEmbeddingOptions.AutoBatchSize"/>, else <see cref="For"/>.</summary>
    public static int Resolve(int requested, string device, RedDinoModelInfo model) =>
        requested == RedDinoEmbeddingOptions.AutoBatchSize ? For(device, model) : requested;
}
