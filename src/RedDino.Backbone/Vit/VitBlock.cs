using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RedDino.Backbone.Vit;

/// <summary>One pre-norm transformer block: x + ls1(attn(norm1(x))), then + ls2(mlp(norm2(x))).
/// State keys: <c>norm1.*</c>, <c>attn.*</c>, <c>ls1.gamma</c>, <c>norm2.*</c>, <c>mlp.*</c>, <c>ls2.gamma</c>.</summary>
public sealed class VitBlock : nn.Module<Tensor, Tensor>
{
    private readonly LayerNorm norm1;
    private readonly Attention attn;
    private readonly LayerScale ls1;
    private readonly LayerNorm norm2;
    private readonly Mlp mlp;
    private readonly LayerScale ls2;

    public VitBlock(VitSettings settings) : base(nameof(VitBlock))
    {
        norm1 = nn.LayerNorm(settings.EmbedDim, eps: settings.LayerNormEps);
        attn = new Attention(settings.EmbedDim, settings.NumHeads);
        ls1 = new LayerScale(settings.EmbedDim, settings.LayerScaleInit);
        norm2 = nn.LayerNorm(settings.EmbedDim, eps: settings.LayerNormEps);
        mlp = new Mlp(settings.EmbedDim, settings.MlpHidden);
        ls2 = new LayerScale(settings.EmbedDim, settings.LayerScaleInit);
        RegisterComponents();
    }

    /// <summary>[B, T, D] -> [B, T, D].</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = x + ls1.forward(attn.forward(norm1.forward(x)));
        var z = y + ls2.forward(mlp.forward(norm2.forward(y)));
        return z.MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            norm1.Dispose();
            attn.Dispose();
            ls1.Dispose();
            norm2.Dispose();
            mlp.Dispose();
            ls2.Dispose();
        }
        base.Dispose(disposing);
    }
}
