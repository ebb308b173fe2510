using RedDino.Formats.Imaging;
using RedDino.Pretraining.Config;
using RedDino.Pretraining.Data.Augment.Rbc;

namespace RedDino.Pretraining.Data.Augment;

/// <summary>RedDino's pipeline after the crop (albumentations 1.3): `transforms_per_crop` colour
/// transforms drawn uniformly with replacement from the enabled list, each applied, then horizontal
/// flip, vertical flip and rot90 (k uniform in 0..3), each with probability `flip_probability`.
/// Crops are resized bilinearly (cv2.INTER_LINEAR), as albumentations does.</summary>
public sealed class RbcPipeline : IColorPipeline
{
    private readonly IColorTransform[] transforms;
    private readonly int perCrop;
    private readonly double flipProbability;

    public RbcPipeline(AugmentationConfig config)
    {
        transforms = config.RbcTransforms.Select(name => RbcTransforms.Get(name)).ToArray();
        perCrop = transforms.Length == 0 ? 0 : config.TransformsPerCrop;
        flipProbability = config.FlipProbability;
    }

    public CropInterpolation Interpolation => CropInterpolation.Linear;

    public IReadOnlyList<IColorTransform> Transforms => transforms;

    public RgbImage Apply(RgbImage view, CropKind kind, IUniformSource rng)
    {
        for (var i = 0; i < perCrop; i++)
        {
            var t = transforms[Math.Min((int)(rng.NextDouble() * transforms.Length), transforms.Length - 1)];
            view = t.Apply(view, rng);
        }
        if (rng.Bernoulli(flipProbability)) view = Geometry.HorizontalFlip(view);
        if (rng.Bernoulli(flipProbability)) view = Geometry.VerticalFlip(view);
        if (rng.Bernoulli(flipProbability))
            view = Geometry.Rotate90(view, rng.RandInt(0, 3));
        return view;
    }
}
