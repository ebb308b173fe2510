using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RedDino.Backbone.Vit;

/// <summary>One pre-norm transformer block: x + drop(ls1(attn(norm1(x)))), then + drop(ls2(mlp(norm2(x)))),
/// where drop is stochastic depth (<see cref="DropPath"/>, active only in training, an independent draw
/// per branch as in DINOv2). State keys: <c>norm1.*</c>, <c>attn.*</c>, <c>ls1.gamma</c>, <c>norm2.*</c>,
/// <c>mlp.*</c>, <c>ls2.gamma</c>.</summary>
public sealed class VitBlock : nn.Module<Tensor, Tensor>
{
    private readonly LayerNorm norm1;
    private readonly Attention attn;
    private readonly LayerScale ls1;
    private readonly LayerNorm norm2;
    private readonly Mlp mlp;
    private readonly LayerScale ls2;
    private readonly DropPath drop_path1;
    private readonly DropPath drop_path2;

    /// <param name="settings">The model shape (width, heads, MLP width, LayerScale init, LayerNorm eps).</param>
    /// <param name="dropPath">This block's stochastic-depth probability (see <see cref="VitSettings.DropPathRates"/>).</param>
    public VitBlock(VitSettings settings, double dropPath = 0) : base(nameof(VitBlock))
    {
        norm1 = nn.LayerNorm(settings.EmbedDim, eps: settings.LayerNormEps);
        attn = new Attention(settings.EmbedDim, settings.NumHeads);
        ls1 = new LayerScale(settings.EmbedDim, settings.LayerScaleInit);
        norm2 = nn.LayerNorm(settings.EmbedDim, eps: settings.LayerNormEps);
        mlp = new Mlp(settings.EmbedDim, settings.MlpHidden);
        ls2 = new LayerScale(settings.EmbedDim, settings.LayerScaleInit);
        drop_path1 = new DropPath(dropPath);
        drop_path2 = new DropPath(dropPath);
        RegisterComponents();
    }

    /// <summary>[B, T, D] -> [B, T, D].</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = x + drop_path1.forward(ls1.forward(attn.forward(norm1.forward(x))));
        var z = y + drop_path2.forward(ls2.forward(mlp.forward(norm2.forward(y))));
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
            drop_path1.Dispose();
            drop_path2.Dispose();
        }
        base.Dispose(disposing);
    }
}
