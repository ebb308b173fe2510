using static TorchSharp.torch;

namespace RedDino.Backbone.Vit;

/// <summary>
/// PyTorch's <c>nn.init.trunc_normal_</c> by its own method (inverse CDF): values of N(mean, std^2)
/// restricted to [a, b] (absolute bounds, -2 and 2 by default, as in DINOv2/timm), drawn as
/// uniform(2 Phi(alpha) - 1, 2 Phi(beta) - 1) -> erfinv -> * std sqrt(2) + mean -> clamp. The one
/// truncated normal of the project (the ViT's and the DINO head's initialisation): TorchSharp 0.107's
/// own <c>nn.init.trunc_normal_</c> multiplies by the mean and adds the std in its native code, so it
/// fills the tensor with the constant std, which would leave every hidden unit identical.
/// </summary>
public static class TruncatedNormal
{
    /// <summary>Fills <paramref name="tensor"/> in place (global generator) and returns it.</summary>
    public static Tensor Fill(Tensor tensor, double std, double mean = 0, double a = -2, double b = 2)
    {
        if (!(a < b) || std <= 0)
            throw new ArgumentException($"need a < b and std > 0 (a {a}, b {b}, std {std})");
        using var noGrad = no_grad();
        var low = Cdf((a - mean) / std);
        var high = Cdf((b - mean) / std);
        tensor.uniform_(2 * low - 1, 2 * high - 1);
        tensor.erfinv_();
        tensor.mul_(std * Math.Sqrt(2));
        tensor.add_(mean);
        tensor.clamp_(a, b);
        return tensor;
    }

    // Standard normal CDF, Phi(x) = (1 + erf(x / sqrt 2)) / 2, in float64 through LibTorch's erf.
    private static double Cdf(double x)
    {
        using var t = tensor(x / Math.Sqrt(2), ScalarType.Float64);
        using var erf = t.erf();
        return (1 + erf.item<double>()) / 2;
    }
}
