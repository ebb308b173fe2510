using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RedDino.Backbone.Vit;

/// <summary>Multi-head self-attention: softmax(q k^T / sqrt(head dim)) v with the qkv projection's
/// output columns laid out as [q | k | v], each D wide and split into heads in order (timm/DINOv2).
/// State keys: <c>qkv.*</c> ([3D, D]), <c>proj.*</c> ([D, D]).</summary>
public sealed class Attention : nn.Module<Tensor, Tensor>
{
    private readonly Linear qkv;
    private readonly Linear proj;
    private readonly int numHeads;

    public Attention(int embedDim, int numHeads) : base(nameof(Attention))
    {
        this.numHeads = numHeads;
        qkv = nn.Linear(embedDim, 3 * embedDim);
        proj = nn.Linear(embedDim, embedDim);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        long b = x.shape[0], t = x.shape[1], d = x.shape[2];
        var heads = qkv.forward(x)                          // [B, T, 3D]
            .reshape(b, t, 3, numHeads, d / numHeads)       // [B, T, 3, H, Dh]
            .permute(2, 0, 3, 1, 4);                        // [3, B, H, T, Dh]
        var attended = nn.functional.scaled_dot_product_attention(heads[0], heads[1], heads[2]); // [B, H, T, Dh]
        var merged = attended.transpose(1, 2).reshape(b, t, d);  // [B, T, D]
        return proj.forward(merged).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            qkv.Dispose();
            proj.Dispose();
        }
        base.Dispose(disposing);
    }
}
