using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace RedDino.Backbone.Vit;

/// <summary>
/// DINOv2 ViT (the RedDino backbone) as TorchSharp modules. Parameter names equal the timm keys
/// (cls_token, pos_embed, patch_embed.proj.*, blocks.{i}.*, norm.*), plus <c>mask_token</c> when
/// <see cref="VitSettings.WithMaskToken"/> is set, so published state dicts load without renaming.
/// Forward (docs/reference/model.md): patch embed -> (masked patches := mask_token) ->
/// prepend CLS -> + position embedding (resized for other input sizes) -> blocks -> final LayerNorm.
/// </summary>
public sealed class VisionTransformer : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "cls_token")] private readonly Parameter clsToken;       // [1, 1, D]
    [ComponentName(Name = "pos_embed")] private readonly Parameter posEmbed;       // [1, 1 + N, D]
    [ComponentName(Name = "mask_token")] private readonly Parameter? maskToken;    // [1, D] (pretraining only)
    [ComponentName(Name = "patch_embed")] private readonly PatchEmbed patchEmbed;
    private readonly ModuleList<VitBlock> blocks;
    private readonly LayerNorm norm;

    /// <summary>Builds the model with DINOv2's initialisation (see <see cref="InitializeWeights"/>), or
    /// without it when <paramref name="initialize"/> is false because every weight is loaded next (an
    /// imported checkpoint, a teacher copied from its student).</summary>
    public VisionTransformer(VitSettings settings, bool initialize = true) : base(nameof(VisionTransformer))
    {
        Settings = settings.Validate();
        var d = settings.EmbedDim;
        clsToken = nn.Parameter(zeros(1, 1, d));
        posEmbed = nn.Parameter(zeros(1, 1 + settings.NumPatches, d));
        maskToken = settings.WithMaskToken ? nn.Parameter(zeros(1, d)) : null;
        patchEmbed = new PatchEmbed(d, settings.PatchSize);
        var dropPath = settings.DropPathRates();
        blocks = nn.ModuleList(Enumerable.Range(0, settings.Depth).Select(i => new VitBlock(settings, dropPath[i])).ToArray());
        norm = nn.LayerNorm(d, eps: settings.LayerNormEps);
        RegisterComponents();
        if (initialize)
            InitializeWeights();
    }

    /// <summary>The shape this model was built with.</summary>
    public VitSettings Settings { get; }

    /// <summary>Whether the model has a mask token (masked forward allowed).</summary>
    public bool HasMaskToken => maskToken is not null;

    /// <summary>
    /// The features of a batch: the CLS token and the patch tokens after the final norm.
    /// <paramref name="images"/> [B, 3, H, W] (normalised; H and W multiples of the patch size; sizes
    /// other than <see cref="VitSettings.ImageSize"/> resize the position grid);
    /// <paramref name="patchMask"/> optional bool [B, N], true = replace that patch by mask_token
    /// (N = (H/p)(W/p) in row-major order; needs <see cref="VitSettings.WithMaskToken"/>).
    /// Returns cls [B, D] and patches [B, N, D]; both are owned by the caller.
    /// </summary>
    public (Tensor Cls, Tensor Patches) ForwardFeatures(Tensor images, Tensor? patchMask = null)
    {
        if (images.dim() != 4 || images.shape[1] != 3)
            throw new ArgumentException($"images must be [B, 3, H, W], got [{string.Join(", ", images.shape)}]");
        var p = Settings.PatchSize;
        if (images.shape[2] % p != 0 || images.shape[3] % p != 0)
            throw new ArgumentException($"image size {images.shape[2]}x{images.shape[3]} is not a multiple of the patch size {p}");
        int gridH = (int)(images.shape[2] / p), gridW = (int)(images.shape[3] / p);
        long b = images.shape[0], n = (long)gridH * gridW;

        using var scope = NewDisposeScope();
        var x = patchEmbed.forward(images);                                         // [B, N, D]
        if (patchMask is not null)
            x = ApplyMask(x, patchMask, b, n);
        x = cat([clsToken.expand(b, -1, -1), x], 1);                                // [B, 1 + N, D]
        x = x + PositionEmbeddingFor(gridH, gridW);
        foreach (var block in blocks)
            x = block.forward(x);
        x = norm.forward(x);
        var cls = x.select(1, 0);                                                   // [B, D]
        var patches = x.narrow(1, 1, n);                                            // [B, N, D]
        return (cls.MoveToOuterDisposeScope(), patches.MoveToOuterDisposeScope());
    }

    /// <summary>The embedding: CLS token after the final norm, [B, 3, H, W] -> [B, D].</summary>
    public override Tensor forward(Tensor images)
    {
        var (cls, patches) = ForwardFeatures(images);
        patches.Dispose();
        return cls;
    }

    /// <summary>Position embedding for a gridH x gridW patch grid, [1, 1 + gridH*gridW, D]: the stored
    /// one at the native grid, else resized per <see cref="VitSettings.InterpolateOffset"/>.</summary>
    public Tensor PositionEmbeddingFor(int gridH, int gridW) =>
        PositionEmbedding.Resize(posEmbed, gridH, gridW, Settings.InterpolateOffset);

    /// <summary>DINOv2's initialisation: pos_embed and Linear weights truncated normal (std 0.02), Linear
    /// biases 0, cls_token normal (std 1e-6), mask_token 0, LayerNorm 1/0, LayerScale gammas
    /// <see cref="VitSettings.LayerScaleInit"/>, patch conv PyTorch's default. Uses the global generator.
    /// (<see cref="TruncatedNormal"/> stands in for TorchSharp 0.107's constant-filling trunc_normal_.)</summary>
    public void InitializeWeights()
    {
        using var noGrad = no_grad();
        TruncatedNormal.Fill(posEmbed, std: 0.02);
        nn.init.normal_(clsToken, std: 1e-6);
        if (maskToken is not null)
            nn.init.zeros_(maskToken);
        foreach (var module in modules().OfType<Linear>())
        {
            TruncatedNormal.Fill(module.weight!, std: 0.02);
            if (module.bias is not null)
                nn.init.zeros_(module.bias);
        }
    }

    private Tensor ApplyMask(Tensor tokens, Tensor patchMask, long b, long n)
    {
        if (maskToken is null)
            throw new InvalidOperationException("this model has no mask_token: build it with VitSettings.WithMaskToken = true");
        if (patchMask.dtype != ScalarType.Bool || patchMask.dim() != 2 || patchMask.shape[0] != b || patchMask.shape[1] != n)
            throw new ArgumentException($"patch mask must be bool [{b}, {n}], got {patchMask.dtype} [{string.Join(", ", patchMask.shape)}]");
        // [B, N, 1] selects between [1, 1, D] and [B, N, D].
        return where(patchMask.unsqueeze(-1), maskToken.to(tokens.dtype).unsqueeze(0), tokens);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            clsToken.Dispose();
            posEmbed.Dispose();
            maskToken?.Dispose();
            patchEmbed.Dispose();
            blocks.Dispose();
            norm.Dispose();
        }
        base.Dispose(disposing);
    }
}
