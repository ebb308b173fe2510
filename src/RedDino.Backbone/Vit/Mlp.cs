using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RedDino.Backbone.Vit;

/// <summary>The block's feed-forward: fc1 -> exact (erf) GELU -> fc2, [.., D] -> [.., hidden] -> [.., D].
/// State keys: <c>fc1.*</c>, <c>fc2.*</c>.</summary>
public sealed class Mlp : nn.Module<Tensor, Tensor>
{
    private readonly Linear fc1;
    private readonly Linear fc2;

    public Mlp(int embedDim, int hidden) : base(nameof(Mlp))
    {
        fc1 = nn.Linear(embedDim, hidden);
        fc2 = nn.Linear(hidden, embedDim);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var h = fc1.forward(x);
        using var a = nn.functional.gelu(h);   // exact GELU: 0.5 h (1 + erf(h / sqrt 2))
        return fc2.forward(a);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            fc1.Dispose();
            fc2.Dispose();
        }
        base.Dispose(disposing);
    }
}
