using static TorchSharp.torch;

namespace RedDino.Pretraining.Losses;

/// <summary>Sinkhorn-Knopp teacher centering (SwAV; DINOv2 dino_clstoken_loss.py and
/// ibot_patch_loss.py), RedDino's choice over the running mean. Computed in fp32 without
/// gradients.</summary>
public static class SinkhornKnopp
{
    /// <summary>Soft assignments of N teacher outputs to K prototypes whose rows sum to 1 and
    /// whose prototype marginals are equalised.</summary>
    /// <param name="teacherLogits">[N, K] teacher head outputs.</param>
    /// <param name="teacherTemp">Teacher temperature (0.04-0.07).</param>
    /// <param name="iterations">Normalisation rounds; 3 in the reference.</param>
    /// <param name="samples">The B of the reference (number of samples assigned); defaults to N.
    /// For patches the reference passes the total number of masked patches.</param>
    /// <returns>[N, K] targets.</returns>
    public static Tensor Targets(Tensor teacherLogits, double teacherTemp, int iterations = 3, long? samples = null)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var q = teacherLogits.to_type(ScalarType.Float32).div(teacherTemp).exp_().t().contiguous(); // [K, N]
        double b = samples ?? q.shape[1];
        double k = q.shape[0];
        q.div_(q.sum());
        for (var i = 0; i < iterations; i++)
        {
            q.div_(q.sum(1, keepdim: true)).div_(k);  // each prototype gets mass 1/K
            q.div_(q.sum(0, keepdim: true)).div_(b);  // each sample gets mass 1/B
        }
        q.mul_(b);
        return q.t().contiguous().MoveToOuterDisposeScope(); // [N, K]
    }
}
