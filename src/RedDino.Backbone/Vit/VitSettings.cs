using RedDino.Formats.Checkpoints;

namespace RedDino.Backbone.Vit;

/// <summary>
/// Shape of a DINOv2 ViT (docs/reference/model.md). The named factories give the published
/// RedDino/DINOv2 sizes; <see cref="Custom"/> and <c>with { ImageSize = ... }</c> give small models and
/// other input sizes (e.g. 112 px for CPU pretraining).
/// </summary>
/// <param name="Name">Architecture name written to ONNX metadata: "vits14", "vitb14", "vitl14" or a
/// descriptive name for custom shapes (see <see cref="Custom"/>).</param>
/// <param name="EmbedDim">Token width D.</param>
/// <param name="Depth">Number of transformer blocks.</param>
/// <param name="NumHeads">Attention heads; D / NumHeads is the head width (64 in every published model).</param>
/// <param name="MlpHidden">Hidden width of each block's MLP (4 D in the published models).</param>
/// <param name="PatchSize">Patch (and stride) of the patch-embedding convolution.</param>
/// <param name="ImageSize">Native input size S; the model owns a (S / PatchSize)^2 + 1 position embedding.</param>
/// <param name="LayerScaleInit">Initial LayerScale gamma (DINOv2 uses 1e-5). Only used for fresh weights.</param>
/// <param name="LayerNormEps">LayerNorm epsilon, 1e-6 everywhere in DINOv2 (TorchSharp's default is 1e-5).</param>
/// <param name="InterpolateOffset">How the position grid is resized for inputs other than
/// <see cref="ImageSize"/>: &gt; 0 is DINOv2's "interpolate_offset" (bicubic with scale factor
/// (new + offset) / old, the training code's default 0.1); 0 resizes to the exact size.</param>
/// <param name="WithMaskToken">Adds the <c>mask_token</c> parameter [1, D] that iBOT pretraining uses
/// to replace masked patches. Inference models (timm layout) have none.</param>
/// <param name="DropPathRate">Stochastic depth of the blocks' residual branches in training (DINOv2
/// drop_path_rate; 0 = off). Inference, weights and the ONNX export never depend on it.</param>
/// <param name="DropPathUniform">DINOv2 drop_path_uniform: every block gets <paramref name="DropPathRate"/>;
/// false (DinoVisionTransformer's default) = a linear ramp from 0 at the first block to the rate at the last.</param>
public sealed record VitSettings(
    string Name,
    int EmbedDim,
    int Depth,
    int NumHeads,
    int MlpHidden,
    int PatchSize = 14,
    int ImageSize = 224,
    double LayerScaleInit = 1e-5,
    double LayerNormEps = 1e-6,
    double InterpolateOffset = 0.1,
    bool WithMaskToken = false,
    double DropPathRate = 0,
    bool DropPathUniform = false)
{
    /// <summary>The published size names, in size order.</summary>
    public static IReadOnlyList<string> PublishedNames { get; } = VitArchitecture.Published.Select(a => a.Name).ToArray();

    /// <summary>ViT-S/14: D 384, 12 blocks, 6 heads (RedDino-small).</summary>
    public static VitSettings Vits14(int imageSize = 224) => From(VitArchitecture.Vits14, imageSize);

    /// <summary>ViT-B/14: D 768, 12 blocks, 12 heads (RedDino-base).</summary>
    public static VitSettings Vitb14(int imageSize = 224) => From(VitArchitecture.Vitb14, imageSize);

    /// <summary>ViT-L/14: D 1024, 24 blocks, 16 heads (RedDino-large).</summary>
    public static VitSettings Vitl14(int imageSize = 224) => From(VitArchitecture.Vitl14, imageSize);

    /// <summary>The settings of an architecture (RedDino.Formats' table of shapes) at an input size.</summary>
    public static VitSettings From(VitArchitecture architecture, int imageSize = 224) =>
        new(architecture.Name, architecture.EmbedDim, architecture.Depth, architecture.NumHeads, architecture.MlpHidden, architecture.PatchSize, imageSize);

    /// <summary>A small ViT for CPU experiments: D 192, 6 blocks, 3 heads of 64, at 112 px by default.</summary>
    public static VitSettings Tiny(int imageSize = 112) => Custom(192, 6, 3, 768, imageSize: imageSize);

    /// <summary>Any other shape; the name says it, e.g. "vit-d192-l6-h3-m768-p14".</summary>
    public static VitSettings Custom(int embedDim, int depth, int numHeads, int mlpHidden, int patchSize = 14, int imageSize = 224) =>
        new(CustomName(embedDim, depth, numHeads, mlpHidden, patchSize), embedDim, depth, numHeads, mlpHidden, patchSize, imageSize);

    /// <summary>"vits14" | "vitb14" | "vitl14" (case-insensitive) at the given input size.</summary>
    public static VitSettings FromName(string name, int imageSize = 224) => VitArchitecture.FindPublished(name) is { } published
        ? From(published, imageSize)
        : throw new ArgumentException($"unknown architecture '{name}' (expected one of {string.Join(", ", PublishedNames)})", nameof(name));

    /// <summary>The published size with exactly this shape, if any (used to name imported checkpoints).</summary>
    public static VitSettings? FindPublished(int embedDim, int depth, int mlpHidden, int patchSize) =>
        VitArchitecture.FindPublished(embedDim, depth, mlpHidden, patchSize) is { } published ? From(published) : null;

    internal static string CustomName(int embedDim, int depth, int numHeads, int mlpHidden, int patchSize) =>
        VitArchitecture.CustomName(embedDim, depth, numHeads, mlpHidden, patchSize);

    /// <summary>Width of one attention head (D / heads).</summary>
    public int HeadDim => EmbedDim / NumHeads;

    /// <summary>Patches per side at the native size (16 for 224 / 14).</summary>
    public int GridSize => ImageSize / PatchSize;

    /// <summary>Patch tokens at the native size (256 for 224 / 14).</summary>
    public int NumPatches => GridSize * GridSize;

    /// <summary>Each block's drop-path probability (DINOv2 DinoVisionTransformer): the rate for every
    /// block when uniform, else numpy.linspace(0, rate, depth).</summary>
    public double[] DropPathRates() =>
        Enumerable.Range(0, Depth).Select(i => DropPathUniform ? DropPathRate
            : Depth == 1 ? 0 : i == Depth - 1 ? DropPathRate : i * (DropPathRate / (Depth - 1))).ToArray();

    /// <summary>Throws <see cref="ArgumentException"/> when the shape cannot make a model.</summary>
    public VitSettings Validate()
    {
        if (EmbedDim <= 0 || Depth <= 0 || NumHeads <= 0 || MlpHidden <= 0 || PatchSize <= 0 || ImageSize <= 0)
            throw new ArgumentException($"ViT settings must be positive: {this}");
        if (EmbedDim % NumHeads != 0)
            throw new ArgumentException($"embed dim {EmbedDim} is not divisible by {NumHeads} heads");
        if (ImageSize % PatchSize != 0)
            throw new ArgumentException($"image size {ImageSize} is not a multiple of the patch size {PatchSize}");
        if (DropPathRate is < 0 or >= 1)
            throw new ArgumentException($"drop path rate must be in [0, 1): {this}");
        if (LayerNormEps <= 0 || InterpolateOffset < 0)
            throw new ArgumentException($"LayerNorm eps must be > 0 and the interpolate offset >= 0: {this}");
        return this;
    }
}
