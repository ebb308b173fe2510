using System.Globalization;

namespace RedDino.Formats.Checkpoints;

/// <summary>The shape numbers of a DINOv2 ViT that a checkpoint's tensors reveal, and the published sizes
/// (RedDino-small/base/large, DINOv2 ViT-S/B/L at patch 14). RedDino.Backbone's model settings and the
/// TorchSharp-free safetensors converter both name architectures through this one table.</summary>
/// <param name="Name">"vits14", "vitb14", "vitl14", or <see cref="CustomName"/> for any other shape.</param>
/// <param name="EmbedDim">Token width D.</param>
/// <param name="Depth">Number of transformer blocks.</param>
/// <param name="NumHeads">Attention heads (D / heads is the head width).</param>
/// <param name="MlpHidden">Hidden width of each block's MLP.</param>
/// <param name="PatchSize">Patch (and stride) of the patch-embedding convolution.</param>
public sealed record VitArchitecture(string Name, int EmbedDim, int Depth, int NumHeads, int MlpHidden, int PatchSize)
{
    /// <summary>The head width of every DINOv2/RedDino model; no tensor shape shows the head count, so a
    /// checkpoint's heads are D / 64.</summary>
    public const int HeadDim = 64;

    /// <summary>ViT-S/14: D 384, 12 blocks, 6 heads (RedDino-small).</summary>
    public static VitArchitecture Vits14 { get; } = new("vits14", 384, 12, 6, 1536, 14);

    /// <summary>ViT-B/14: D 768, 12 blocks, 12 heads (RedDino-base).</summary>
    public static VitArchitecture Vitb14 { get; } = new("vitb14", 768, 12, 12, 3072, 14);

    /// <summary>ViT-L/14: D 1024, 24 blocks, 16 heads (RedDino-large).</summary>
    public static VitArchitecture Vitl14 { get; } = new("vitl14", 1024, 24, 16, 4096, 14);

    /// <summary>The published sizes, in size order.</summary>
    public static IReadOnlyList<VitArchitecture> Published { get; } = [Vits14, Vitb14, Vitl14];

    /// <summary>The published size called <paramref name="name"/> (case-insensitive), or null.</summary>
    public static VitArchitecture? FindPublished(string name) =>
        Published.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The published size with exactly this shape, or null.</summary>
    public static VitArchitecture? FindPublished(int embedDim, int depth, int mlpHidden, int patchSize) =>
        Published.FirstOrDefault(a => a.EmbedDim == embedDim && a.Depth == depth && a.MlpHidden == mlpHidden && a.PatchSize == patchSize);

    /// <summary>A shape that is not published, named after its numbers.</summary>
    public static VitArchitecture Custom(int embedDim, int depth, int numHeads, int mlpHidden, int patchSize) =>
        new(CustomName(embedDim, depth, numHeads, mlpHidden, patchSize), embedDim, depth, numHeads, mlpHidden, patchSize);

    /// <summary>"vit-d{D}-l{depth}-h{heads}-m{mlp}-p{patch}", e.g. "vit-d192-l6-h3-m768-p14".</summary>
    public static string CustomName(int embedDim, int depth, int numHeads, int mlpHidden, int patchSize) =>
        string.Create(CultureInfo.InvariantCulture, $"vit-d{embedDim}-l{depth}-h{numHeads}-m{mlpHidden}-p{patchSize}");
}
