using static TorchSharp.torch;

namespace RedDino.Backbone.Vit;

/// <summary>
/// PyTorch's <c>nn.init.trunc_normal_</c>: N(mean, std^2) restricted to [a, b] (absolute bounds, -2 and
/// 2 by default, as in DINOv2/timm). TorchSharp 0.107's own <c>nn.init.trunc_normal_</c> fills the tensor
/// with a constant, so this draws a normal and redraws the values that fall outside the bounds.
/// </summary>
public static class TruncatedNormal
{
    /// <summary>Fills <paramref name="tensor"/> in place (global generator) and returns it.</summary>
    public static Tensor Fill(Tensor tensor, double std, double mean = 0, double a = -2, double b = 2)
    {
        if (!(a < b) || std <= 0)
            throw new ArgumentException($"need a < b and std > 0 (a {a}, b {b}, std {std})");
        using var noGrad = no_grad();
        tensor.normal_(mean, std);
        // Each pass keeps at least the in-range fraction; bounds far inside the mass would loop long,
        // so give up after many passes rather than spin.
        for (var pass = 0; pass < 1000; pass++)
        {
            using var outside = tensor.lt(a).logical_or_(tensor.gt(b));
            if (!outside.any().item<bool>())
                return tensor;
            using var fresh = empty_like(tensor).normal_(mean, std);
            tensor.copy_(where(outside, fresh, tensor));
        }
        throw new ArgumentException($"[{a}, {b}] holds too little of N({mean}, {std}^2) to sample from");
    }
}
