using RedDino.Formats.Imaging;
using RedDino.Pretraining.Data.Augment.Rbc;
using RedDino.Pretraining.Data.Imaging;

namespace RedDino.Pretraining.Data.Augment;

/// <summary>DINOv2's recipe after the crop (data/augmentations.py DataAugmentationDINO): horizontal
/// flip (p 0.5); colour jitter (brightness 0.4, contrast 0.4, saturation 0.2, hue 0.1) with p 0.8;
/// grayscale with p 0.2; Gaussian blur (kernel 9, sigma U(0.1, 2)) with p 1.0 on global crop 1,
/// 0.1 on global crop 2 and 0.5 on local crops; solarise (threshold 128) with p 0.2 on global
/// crop 2 only. Crops are resized bicubically, as torchvision's default there.</summary>
public sealed class Dinov2Pipeline : IColorPipeline
{
    public CropInterpolation Interpolation => CropInterpolation.Cubic;

    public RgbImage Apply(RgbImage view, CropKind kind, IUniformSource rng)
    {
        if (rng.Bernoulli(0.5)) view = Geometry.HorizontalFlip(view);
        if (rng.Bernoulli(0.8)) view = ToneTransforms.ColorJitter(view, rng, 0.4, 0.4, 0.2, 0.1);
        if (rng.Bernoulli(0.2)) view = Grayscale(view);
        var blurProbability = kind.IsGlobal ? (kind.GlobalIndex == 0 ? 1.0 : 0.1) : 0.5;
        if (rng.Bernoulli(blurProbability))
            view = Blurs.Gaussian(view, 9, rng.Uniform(0.1, 2.0)).ToRgb();
        if (kind is { IsGlobal: true, GlobalIndex: 1 } && rng.Bernoulli(0.2))
            view = PixelTransforms.Solarize(view, rng);
        return view;
    }

    internal static RgbImage Grayscale(RgbImage rgb) => GrayConversion.GrayToRgb(GrayConversion.RgbToGray(rgb)).ToRgb();
}
