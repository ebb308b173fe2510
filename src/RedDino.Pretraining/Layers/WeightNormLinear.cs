using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RedDino.Pretraining.Layers;

/// <summary>A bias-free linear layer with PyTorch's weight normalisation (torch.nn.utils.weight_norm,
/// dim 0): W = g * v / ||v||, one norm per output row. TorchSharp has no weight_norm, so the two
/// parameters are written by hand with PyTorch's names, `weight_g` [out, 1] and `weight_v`
/// [out, in], which keeps DINOv2 checkpoints loadable without a rename table.</summary>
public sealed class WeightNormLinear : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight_g;
    private readonly Parameter weight_v;

    public WeightNormLinear(long inFeatures, long outFeatures) : base(nameof(WeightNormLinear))
    {
        // nn.Linear's default init for v (kaiming uniform, a = sqrt 5: U(-1/sqrt(in), 1/sqrt(in)));
        // g starts at 1 as in DINOHead, so every prototype starts as a unit vector.
        var bound = 1.0 / Math.Sqrt(inFeatures);
        weight_v = nn.Parameter(torch.empty(outFeatures, inFeatures).uniform_(-bound, bound));
        weight_g = nn.Parameter(torch.ones(outFeatures, 1));
        RegisterComponents();
    }

    public long InFeatures => weight_v.shape[1];
    public long OutFeatures => weight_v.shape[0];

    /// <summary>The effective weight [out, in]; gradients flow to both g and v.</summary>
    public Tensor Weight()
    {
        using var norm = weight_v.norm(1, keepdim: true); // [out, 1]
        using var scale = weight_g / norm;
        return weight_v * scale;
    }

    // [N, in] -> [N, out]
    public override Tensor forward(Tensor x)
    {
        using var w = Weight();
        return nn.functional.linear(x, w);
    }
}
