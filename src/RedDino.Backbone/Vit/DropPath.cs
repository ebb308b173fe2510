using TorchSharp;
using static TorchSharp.torch;

namespace RedDino.Backbone.Vit;

/// <summary>
/// Stochastic depth on a residual branch (DINOv2 layers/drop_path.py): in training, each sample's
/// branch output is kept with probability 1 - p and then scaled by 1 / (1 - p), else zeroed, so its
/// expectation is unchanged; in evaluation (and at p = 0) the identity. No parameters and no state,
/// so weights, checkpoints and the ONNX export do not depend on it. This is DINOv2's simple per-sample
/// variant; for p &gt; 0.1 DINOv2's training blocks use a batch-subset variant instead (exactly
/// floor(B (1 - p)) samples keep the branch, scaled by B / that count), equal in expectation.
/// Draws come from LibTorch's global generator, whose state checkpoints save.
/// </summary>
public sealed class DropPath : nn.Module<Tensor, Tensor>
{
    public DropPath(double probability) : base(nameof(DropPath))
    {
        if (probability is < 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "drop path probability must be in [0, 1)");
        Probability = probability;
    }

    public double Probability { get; }

    /// <summary>[B, ...] -> [B, ...]: the input itself when not training or p = 0, else a new tensor.</summary>
    public override Tensor forward(Tensor x)
    {
        if (!training || Probability == 0)
            return x.alias();
        var keep = 1 - Probability;
        var shape = new long[x.dim()];
        Array.Fill(shape, 1L);
        shape[0] = x.shape[0];
        using var mask = empty(shape, x.dtype, x.device).bernoulli_(keep).div_(keep); // [B, 1, ..., 1]: 0 or 1/keep
        return x.mul(mask);
    }
}
