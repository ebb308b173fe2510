using TorchSharp;
using static TorchSharp.torch;

namespace RedDino.Backbone.Vit;

/// <summary>
/// Seeded random weights that make every parameter matter (unlike DINOv2's init, whose LayerScale
/// 1e-5 nearly switches the blocks off): LayerScale gammas U(0.2, 1), LayerNorm weights 1 + N(0, 0.1),
/// biases N(0, 0.1), cls/pos/mask tokens N(0, 0.5), other weights N(0, 1/fan_in). Same scheme as the
/// fixture script, for parity tests and benchmarks.
/// </summary>
public static class RandomWeights
{
    /// <summary>A new model of <paramref name="settings"/> with seeded random weights, in eval mode.</summary>
    public static VisionTransformer Create(VitSettings settings, ulong seed = 0)
    {
        var model = new VisionTransformer(settings, initialize: false); // Fill draws every weight
        Fill(model, seed);
        model.eval();
        return model;
    }

    /// <summary>Overwrites every parameter of <paramref name="model"/> (same seed, same values).</summary>
    public static void Fill(nn.Module model, ulong seed)
    {
        using var generator = new Generator(seed);
        using var noGrad = no_grad();
        foreach (var (name, p) in model.named_parameters())
        {
            // torch.nn.init ignores its generator argument in TorchSharp 0.107: draw with rand/randn instead.
            var leaf = name[(name.LastIndexOf('.') + 1)..];
            using var values = leaf switch
            {
                "gamma" => Uniform(p.shape, 0.2, 1.0, generator),
                "weight" when name.Contains("norm", StringComparison.Ordinal) => Normal(p.shape, 1.0, 0.1, generator),
                "bias" => Normal(p.shape, 0.0, 0.1, generator),
                "cls_token" or "pos_embed" or "mask_token" => Normal(p.shape, 0.0, 0.5, generator),
                _ => Normal(p.shape, 0.0, 1.0 / Math.Sqrt(p.numel() / p.shape[0]), generator),
            };
            p.copy_(values);
        }
    }

    private static Tensor Normal(long[] shape, double mean, double std, Generator generator)
    {
        using var z = randn(shape, generator: generator);
        return z * std + mean;
    }

    private static Tensor Uniform(long[] shape, double low, double high, Generator generator)
    {
        using var u = rand(shape, generator: generator);
        return u * (high - low) + low;
    }
}
