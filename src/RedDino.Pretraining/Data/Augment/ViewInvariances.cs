using OpenCvSharp;
using RedDino.MLNet.Imaging;
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

    /// <summary>The rotation step (none when rotation_limit is 0).</summary>
    public void Rotate(ref Mat view, IUniformSource rng, double strength = 1)
    {
        if (!Rotates) return;
        var limit = config.RotationLimit * strength;
        var degrees = rng.Uniform(-limit, limit);
        Geometry.Replace(ref view, v => ToMat(AffineWarp.Rotate(ToRgb(v), degrees)));
    }

    /// <summary>The colour steps after the pipeline (none when both probabilities are 0).</summary>
    public void Recolour(ref Mat view, IUniformSource rng, double strength = 1)
    {
        if (config.ColorJitterProbability > 0 && rng.Bernoulli(config.ColorJitterProbability * strength))
        {
            var j = config.ColorJitter;
            Geometry.Replace(ref view, v => ToneTransforms.ColorJitter(v, rng, j[0], j[1], j[2], j[3]));
        }
        if (config.GrayscaleProbability > 0 && rng.Bernoulli(config.GrayscaleProbability * strength))
            Geometry.Replace(ref view, v => ToMat(Grayscale.Apply(ToRgb(v))));
    }

    /// <summary>The strength at <paramref name="iteration"/> of a ramp over <paramref name="warmupIterations"/>
    /// (1 without a ramp or past it).</summary>
    public static double Strength(long iteration, long warmupIterations) =>
        warmupIterations <= 0 ? 1 : Math.Clamp((double)iteration / warmupIterations, 0, 1);

    private static RgbImage ToRgb(Mat m) => new(m.Width, m.Height, ImageOps.Bytes(m));

    private static Mat ToMat(RgbImage image) => ImageOps.FromBytes(image.Pixels, image.Height, image.Width, MatType.CV_8UC3);
}
