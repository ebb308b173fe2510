using RedDino.Formats.Imaging;
using RedDino.Pretraining.Config;
using RedDino.Pretraining.Data.Augment.Rbc;

namespace RedDino.Pretraining.Data.Augment;

/// <summary>Invariances asked of every view on top of the colour pipeline (all off by default, so a
/// configuration without them draws exactly the same random numbers as before):
/// a rotation by U(-rotation_limit, rotation_limit) degrees right after the crop (albumentations
/// Rotate: bilinear, reflect-101 border), and after the pipeline's own steps a colour jitter
/// (brightness, contrast, saturation, hue as DINOv2's ColorJitter) with color_jitter_probability,
/// then grayscale with grayscale_probability. Strong colour changes between the two views of an image
/// stop colour from being the shortcut that matches them; rotations make the features depend on
/// shape, not orientation. A <c>strength</c> in [0, 1] scales the rotation limit and both
/// probabilities (invariance_warmup_epochs ramps it up from 0 during training; the same random
/// numbers are drawn at any strength).</summary>
public sealed class ViewInvariances(AugmentationConfig config)
{
    public bool Rotates => config.RotationLimit > 0;

    /// <summary>The rotated view (<paramref name="view"/> itself when rotation_limit is 0).</summary>
    public RgbImage Rotate(RgbImage view, IUniformSource rng, double strength = 1)
    {
        if (!Rotates) return view;
        var limit = config.RotationLimit * strength;
        return AffineWarp.Rotate(view, rng.Uniform(-limit, limit));
    }

    /// <summary>The view after the colour steps (<paramref name="view"/> itself when both probabilities are 0).</summary>
    public RgbImage Recolour(RgbImage view, IUniformSource rng, double strength = 1)
    {
        if (config.ColorJitterProbability > 0 && rng.Bernoulli(config.ColorJitterProbability * strength))
        {
            var j = config.ColorJitter;
            view = ToneTransforms.ColorJitter(view, rng, j[0], j[1], j[2], j[3]);
        }
        if (config.GrayscaleProbability > 0 && rng.Bernoulli(config.GrayscaleProbability * strength))
            view = Dinov2Pipeline.Grayscale(view);
        return view;
    }

    /// <summary>The strength at <paramref name="iteration"/> of a ramp over <paramref name="warmupIterations"/>
    /// (1 without a ramp or past it).</summary>
    public static double Strength(long iteration, long warmupIterations) =>
        warmupIterations <= 0 ? 1 : Math.Clamp((double)iteration / warmupIterations, 0, 1);
}
