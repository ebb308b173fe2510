using static TorchSharp.torch;

namespace RedDino.Pretraining.Layers;

/// <summary>PyTorch's nn.init.trunc_normal_ (inverse-CDF method): values of N(mean, std^2)
/// restricted to [a, b]. Needed because TorchSharp 0.107's nn.init.trunc_normal_ is broken: its
/// native code multiplies by the mean and adds the std (THSRandom.cpp), so it fills the tensor
/// with the constant std (0.02 for every weight), which leaves every hidden unit identical.</summary>
public static class TruncatedNormal
{
    public static Tensor Fill(Tensor tensor, double std, double mean = 0, double a = -2, double b = 2)
    {
        static double Cdf(double x) => (1 + Erf(x / Math.Sqrt(2))) / 2;
        using var noGrad = no_grad();
        var l = Cdf((a - mean) / std);
        var u = Cdf((b - mean) / std);
        tensor.uniform_(2 * l - 1, 2 * u - 1);
        tensor.erfinv_();
        tensor.mul_(std * Math.Sqrt(2));
        tensor.add_(mean);
        tensor.clamp_(a, b);
        return tensor;
    }

    private static double Erf(double x)
    {
        using var t = tensor(x, ScalarType.Float64);
        using var e = t.erf();
        return e.item<double>();
    }
}
