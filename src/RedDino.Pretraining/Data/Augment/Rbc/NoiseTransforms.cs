using RedDino.Formats.Imaging;
using RedDino.Pretraining.Data.Imaging;

namespace RedDino.Pretraining.Data.Augment.Rbc;

/// <summary>Noise (albumentations 1.3 defaults); all noise comes from the sample's generator.</summary>
internal static class NoiseTransforms
{
    /// <summary>GaussNoise(var 10-50, per channel): x + N(0, sqrt(var)) per value, clipped.</summary>
    public static RgbImage GaussNoise(RgbImage rgb, IUniformSource rng)
    {
        var sigma = Math.Sqrt(rng.Uniform(10, 50));
        var bytes = (byte[])rgb.Pixels.Clone();
        for (var i = 0; i < bytes.Length; i++)
            bytes[i] = ImageOps.ToByteTruncate(bytes[i] + rng.Normal(0, sigma));
        return new RgbImage(rgb.Width, rgb.Height, bytes);
    }

    /// <summary>ISONoise(colour shift 0.01-0.05, intensity 0.1-0.5), in float HLS: hue += N(0,
    /// shift 360 intensity) (wrapped to [0, 360]); lightness += Poisson(std(L) intensity 255) / 255
    /// (1 - lightness).</summary>
    public static RgbImage IsoNoise(RgbImage rgb, IUniformSource rng)
    {
        var colorShift = rng.Uniform(0.01, 0.05);
        var intensity = rng.Uniform(0.1, 0.5);
        // [H W, 3] float in [0, 1], then HLS with the hue in degrees.
        var values = new float[rgb.Pixels.Length];
        for (var i = 0; i < values.Length; i++)
            values[i] = (float)(rgb.Pixels[i] * (1.0 / 255.0));
        HlsConversion.RgbToHls(values, values);
        var lambda = LightnessStd(values) * intensity * 255;
        for (var i = 0; i < values.Length; i += 3)
        {
            var hue = values[i] + rng.Normal(0, colorShift * 360 * intensity);
            if (hue < 0) hue += 360;
            if (hue > 360) hue -= 360;
            values[i] = (float)hue;
            values[i + 1] += (float)(Poisson(lambda, rng) / 255.0 * (1.0 - values[i + 1]));
        }
        HlsConversion.HlsToRgb(values, values);
        var bytes = new byte[values.Length];
        for (var i = 0; i < bytes.Length; i++)
            bytes[i] = ImageOps.ToByteTruncate(values[i] * 255.0);
        return new RgbImage(rgb.Width, rgb.Height, bytes);
    }

    /// <summary>The population standard deviation of the lightness channel (cv2.meanStdDev).</summary>
    private static double LightnessStd(float[] hls)
    {
        double sum = 0, squares = 0;
        var n = hls.Length / 3;
        for (var i = 1; i < hls.Length; i += 3)
        {
            sum += hls[i];
            squares += (double)hls[i] * hls[i];
        }
        var mean = sum / n;
        return Math.Sqrt(Math.Max(squares / n - mean * mean, 0));
    }

    /// <summary>A Poisson draw: Knuth's product method below 30, a rounded normal above.</summary>
    internal static int Poisson(double lambda, IUniformSource rng)
    {
        if (lambda <= 0) return 0;
        if (lambda >= 30)
            return Math.Max(0, (int)Math.Round(rng.Normal(lambda, Math.Sqrt(lambda))));
        var limit = Math.Exp(-lambda);
        var k = 0;
        var p = rng.NextDouble();
        while (p > limit)
        {
            k++;
            p *= rng.NextDouble();
        }
        return k;
    }
}
