using OpenCvSharp;
using RedDino.Pretraining.Data.Augment.Rbc;

namespace RedDino.Pretraining.Data.Augment;

/// <summary>DINOv2's recipe after the crop (data/augmentations.py DataAugmentationDINO): horizontal
/// flip (p 0.5); colour jitter (brightness 0.4, contrast 0.4, saturation 0.2, hue 0.1) with p 0.8;
/// grayscale with p 0.2; Gaussian blur (kernel 9, sigma U(0.1, 2)) with p 1.0 on global crop 1,
/// 0.1 on global crop 2 and 0.5 on local crops; solarise (threshold 128) with p 0.2 on global
/// crop 2 only. Crops are resized bicubically, as torchvision's default there.</summary>
public sealed class Dinov2Pipeline : IColorPipeline
{
    public InterpolationFlags Interpolation => InterpolationFlags.Cubic;

    public void Apply(ref Mat view, CropKind kind, IUniformSource rng)
    {
        if (rng.Bernoulli(0.5)) Geometry.Replace(ref view, Geometry.HorizontalFlip);
        if (rng.Bernoulli(0.8)) Geometry.Replace(ref view, v => ToneTransforms.ColorJitter(v, rng, 0.4, 0.4, 0.2, 0.1));
        if (rng.Bernoulli(0.2)) Geometry.Replace(ref view, Grayscale);
        var blurProbability = kind.IsGlobal ? (kind.GlobalIndex == 0 ? 1.0 : 0.1) : 0.5;
        if (rng.Bernoulli(blurProbability))
        {
            var sigma = rng.Uniform(0.1, 2.0);
            Geometry.Replace(ref view, v =>
            {
                var dst = new Mat();
                Cv2.GaussianBlur(v, dst, new Size(9, 9), sigma);
                return dst;
            });
        }
        if (kind is { IsGlobal: true, GlobalIndex: 1 } && rng.Bernoulli(0.2))
            Geometry.Replace(ref view, v => PixelTransforms.Solarize(v, rng));
    }

    internal static Mat Grayscale(Mat rgb)
    {
        using var gray = new Mat();
        Cv2.CvtColor(rgb, gray, ColorConversionCodes.RGB2GRAY);
        var dst = new Mat();
        Cv2.CvtColor(gray, dst, ColorConversionCodes.GRAY2RGB);
        return dst;
    }
}
