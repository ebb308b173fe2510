namespace RedDino.Pretraining.Data.Augment.Rbc;

/// <summary>The 33 pixel-level transforms of RedDino's augmentation config (albumentations 1.3
/// defaults, docs/reference/pretraining-recipe.md), by their config names.</summary>
public static class RbcTransforms
{
    private static readonly Dictionary<string, IColorTransform> ByName = new IColorTransform[]
    {
        new ColorTransform("blur", BlurTransforms.Blur),
        new ColorTransform("clahe", PixelTransforms.Clahe),
        new ColorTransform("channel_shuffle", PixelTransforms.ChannelShuffle),
        new ColorTransform("channel_dropout", PixelTransforms.ChannelDropout),
        new ColorTransform("color_jitter", (m, r) => ToneTransforms.ColorJitter(m, r, 0.2, 0.2, 0.2, 0.2)),
        new ColorTransform("defocus", BlurTransforms.Defocus),
        new ColorTransform("downscale", PixelTransforms.Downscale),
        new ColorTransform("emboss", KernelTransforms.Emboss),
        new ColorTransform("equalize", PixelTransforms.Equalize),
        new ColorTransform("fancy_pca", ToneTransforms.FancyPca),
        new ColorTransform("gauss_noise", NoiseTransforms.GaussNoise),
        new ColorTransform("gaussian_blur", BlurTransforms.GaussianBlur),
        new ColorTransform("glass_blur", BlurTransforms.GlassBlur),
        new ColorTransform("hue_saturation_value", ToneTransforms.HueSaturationValue),
        new ColorTransform("iso_noise", NoiseTransforms.IsoNoise),
        new ColorTransform("image_compression", PixelTransforms.ImageCompression),
        new ColorTransform("invert", PixelTransforms.Invert),
        new ColorTransform("median_blur", BlurTransforms.MedianBlur),
        new ColorTransform("motion_blur", BlurTransforms.MotionBlur),
        new ColorTransform("multiplicative_noise", PixelTransforms.MultiplicativeNoise),
        new ColorTransform("posterize", PixelTransforms.Posterize),
        new ColorTransform("random_brightness_contrast", ToneTransforms.BrightnessContrast),
        new ColorTransform("rgb_shift", ToneTransforms.RgbShift),
        new ColorTransform("random_gamma", ToneTransforms.Gamma),
        new ColorTransform("random_rain", WeatherTransforms.Rain),
        new ColorTransform("random_shadow", WeatherTransforms.Shadow),
        new ColorTransform("random_snow", WeatherTransforms.Snow),
        new ColorTransform("random_sun_flare", WeatherTransforms.SunFlare),
        new ColorTransform("random_tone_curve", ToneTransforms.ToneCurve),
        new ColorTransform("random_fog", WeatherTransforms.Fog),
        new ColorTransform("ringing_overshoot", BlurTransforms.RingingOvershoot),
        new ColorTransform("sharpen", KernelTransforms.Sharpen),
        new ColorTransform("solarize", PixelTransforms.Solarize),
    }.ToDictionary(t => t.Name, StringComparer.Ordinal);

    public static IReadOnlyCollection<string> Names => ByName.Keys;

    /// <summary>The transform of that name; an unknown name is an error naming the config key.</summary>
    public static IColorTransform Get(string name) =>
        ByName.TryGetValue(name, out var t)
            ? t
            : throw new InvalidDataException($"augmentation.rbc_transforms: unknown transform '{name}' (known: {string.Join(", ", ByName.Keys)})");
}
