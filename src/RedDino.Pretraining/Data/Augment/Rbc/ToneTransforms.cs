using RedDino.Formats.Imaging;
using RedDino.Pretraining.Data.Imaging;

namespace RedDino.Pretraining.Data.Augment.Rbc;

/// <summary>Brightness, contrast, gamma, tone curve, colour shifts (albumentations 1.3 defaults).</summary>
internal static class ToneTransforms
{
    /// <summary>RandomBrightnessContrast(+-0.2, by max): x alpha + beta 255, alpha = 1 + U(-0.2, 0.2), beta = U(-0.2, 0.2).</summary>
    public static RgbImage BrightnessContrast(RgbImage rgb, IUniformSource rng)
    {
        var alpha = 1 + rng.Uniform(-0.2, 0.2);
        var beta = rng.Uniform(-0.2, 0.2);
        return ImageOps.Lut(rgb, v => v * alpha + beta * 255);
    }

    /// <summary>RandomGamma(80-120): 255 (x / 255)^gamma, gamma = U(80, 120) / 100.</summary>
    public static RgbImage Gamma(RgbImage rgb, IUniformSource rng)
    {
        var gamma = rng.Uniform(80, 120) / 100.0;
        return ImageOps.Lut(rgb, v => Math.Pow(v / 255.0, gamma) * 255);
    }

    /// <summary>RandomToneCurve(scale 0.1): the cubic Bezier curve with control values 0, low, high, 1
    /// (low ~ N(0.25, 0.1), high ~ N(0.75, 0.1), each clipped to [0, 1]) as a rounded LUT.</summary>
    public static RgbImage ToneCurve(RgbImage rgb, IUniformSource rng)
    {
        var low = Math.Clamp(rng.Normal(0.25, 0.1), 0, 1);
        var high = Math.Clamp(rng.Normal(0.75, 0.1), 0, 1);
        return ImageOps.Lut(rgb, v =>
        {
            var t = v / 255.0;
            var y = 3 * (1 - t) * (1 - t) * t * low + 3 * (1 - t) * t * t * high + t * t * t;
            return Math.Round(y * 255, MidpointRounding.ToEven);
        });
    }

    /// <summary>RGBShift(+-20 per channel): each channel shifted by its own U(-20, 20).</summary>
    public static RgbImage RgbShift(RgbImage rgb, IUniformSource rng)
    {
        var shift = new[] { rng.Uniform(-20, 20), rng.Uniform(-20, 20), rng.Uniform(-20, 20) };
        return ImageOps.LutPerChannel(rgb, (c, v) => v + shift[c]);
    }

    /// <summary>HueSaturationValue(20, 30, 20): in OpenCV's uint8 HSV (hue 0-179), hue shifted mod
    /// 180, saturation and value shifted and clipped.</summary>
    public static RgbImage HueSaturationValue(RgbImage rgb, IUniformSource rng)
    {
        var hue = rng.Uniform(-20, 20);
        var sat = rng.Uniform(-30, 30);
        var val = rng.Uniform(-20, 20);
        return ShiftHsv(rgb, hue, sat, val);
    }

    internal static RgbImage ShiftHsv(RgbImage rgb, double hue, double sat, double val)
    {
        var hsv = HsvConversion.RgbToHsv(rgb);
        var shifted = ImageOps.LutPerChannel(hsv, (c, v) => c switch
        {
            0 => Mod(v + hue, 180),
            1 => v + sat,
            _ => v + val,
        });
        return HsvConversion.HsvToRgb(shifted).ToRgb();
    }

    private static double Mod(double x, double m) => ((x % m) + m) % m;

    /// <summary>FancyPCA(alpha 0.1): adds sum_j a_j lambda_j e_j (times 255) to every pixel, e_j and
    /// lambda_j the eigenvectors and eigenvalues of the image's RGB covariance (values / 255),
    /// a_j ~ N(0, 0.1).</summary>
    public static RgbImage FancyPca(RgbImage rgb, IUniformSource rng)
    {
        var a = new[] { rng.Normal(0, 0.1), rng.Normal(0, 0.1), rng.Normal(0, 0.1) };
        var bytes = rgb.Pixels;
        var n = bytes.Length / 3;
        var mean = new double[3];
        for (var i = 0; i < bytes.Length; i++) mean[i % 3] += bytes[i] / 255.0;
        for (var c = 0; c < 3; c++) mean[c] /= n;
        var cov = new double[3, 3];
        for (var i = 0; i < n; i++)
            for (var p = 0; p < 3; p++)
                for (var q = p; q < 3; q++)
                    cov[p, q] += (bytes[3 * i + p] / 255.0 - mean[p]) * (bytes[3 * i + q] / 255.0 - mean[q]);
        for (var p = 0; p < 3; p++)
            for (var q = p; q < 3; q++)
                cov[q, p] = cov[p, q] /= Math.Max(n - 1, 1);
        var (values, vectors) = SymmetricEigen.Decompose(cov); // eigenvalues descending, eigenvectors as rows
        var add = new double[3];
        for (var j = 0; j < 3; j++)
            for (var c = 0; c < 3; c++)
                add[c] += vectors[j, c] * a[j] * values[j] * 255;
        return ImageOps.LutPerChannel(rgb, (c, v) => v + add[c]);
    }

    /// <summary>ColorJitter as albumentations/torchvision: brightness, contrast, saturation and hue
    /// factors applied in a random order. Brightness x f; contrast x f + mean(gray) (1 - f);
    /// saturation blends with the grayscale image; hue shifts OpenCV's hue by 180 f.</summary>
    public static RgbImage ColorJitter(RgbImage rgb, IUniformSource rng, double brightness, double contrast, double saturation, double hue)
    {
        var b = rng.Uniform(1 - brightness, 1 + brightness);
        var c = rng.Uniform(1 - contrast, 1 + contrast);
        var s = rng.Uniform(1 - saturation, 1 + saturation);
        var h = rng.Uniform(-hue, hue);
        var order = new List<int> { 0, 1, 2, 3 };
        rng.Shuffle(order);
        var current = rgb;
        foreach (var step in order)
        {
            current = step switch
            {
                0 => ImageOps.Lut(current, v => v * b),
                1 => Contrast(current, c),
                2 => Saturation(current, s),
                _ => Hue(current, h),
            };
        }
        return current;
    }

    private static RgbImage Contrast(RgbImage rgb, double factor)
    {
        var gray = GrayConversion.RgbToGray(rgb).Data;
        var mean = gray.Sum(v => (double)v) / gray.Length;
        return ImageOps.Lut(rgb, v => v * factor + mean * (1 - factor));
    }

    private static RgbImage Saturation(RgbImage rgb, double factor)
    {
        var gray3 = GrayConversion.GrayToRgb(GrayConversion.RgbToGray(rgb));
        return Blend.Weighted(rgb, factor, gray3, 1 - factor).ToRgb();
    }

    private static RgbImage Hue(RgbImage rgb, double factor) => factor == 0 ? rgb : ShiftHsv(rgb, 180 * factor, 0, 0);
}
