using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RedDino.Backbone.Vit;

/// <summary>Image to patch tokens: Conv2d(3, D, kernel = stride = patch) then flatten,
/// [B, 3, H, W] -> [B, (H/p)(W/p), D] in row-major patch order. State key: <c>proj.weight|bias</c>.</summary>
public sealed class PatchEmbed : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d proj;

    public PatchEmbed(int embedDim, int patchSize) : base(nameof(PatchEmbed))
    {
        proj = nn.Conv2d(3, embedDim, kernel_size: patchSize, stride: patchSize);
        RegisterComponents();
    }

    public override Tensor forward(Tensor images)
    {
        using var grid = proj.forward(images);          // [B, D, H/p, W/p]
        using var flat = grid.flatten(2);               // [B, D, N]
        return flat.transpose(1, 2);                    // [B, N, D]
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) proj.Dispose();
        base.Dispose(disposing);
    }
}
