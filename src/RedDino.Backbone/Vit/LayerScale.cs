using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RedDino.Backbone.Vit;

/// <summary>Per-channel scale of a residual branch (CaiT/DINOv2): x * gamma, gamma [D].
/// State key: <c>gamma</c>.</summary>
public sealed class LayerScale : nn.Module<Tensor, Tensor>
{
    private readonly Parameter gamma;

    public LayerScale(int embedDim, double initValue) : base(nameof(LayerScale))
    {
        gamma = nn.Parameter(full(embedDim, initValue, float32));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => x.mul(gamma);

    protected override void Dispose(bool disposing)
    {
        if (disposing) gamma.Dispose();
        base.Dispose(disposing);
    }
}
