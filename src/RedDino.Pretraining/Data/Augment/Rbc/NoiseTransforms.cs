using OpenCvSharp;

namespace RedDino.Pretraining.Data.Augment.Rbc;

/// <summary>Noise (albumentations 1.3 defaults); all noise comes from the sample's generator.</summary>
internal static class NoiseTransforms
{
    /// <summary>GaussNoise(var 10-50, per channel): x + N(0, sqrt(var)) per value, clipped.</summary>
    public static Mat GaussNoise(Mat rgb, IUniformSource rng)
    {
        var sigma = Math.Sqrt(rng.Uniform(10, 50));
        var bytes = ImageOps.Bytes(rgb);
        for (var i = 0; i < bytes.Length; i++)
            bytes[i] = ImageOps.ToByteTruncate(bytes[i] + rng.Normal(0, sigma));
        return ImageOps.FromBytes(bytes, rgb.Rows, rgb.Cols, rgb.Type());
    }

    /// <summary>ISONoise(colour shift 0.01-0.05, intensity 0.1-0.5), in float HLS: hue += N(0,
    /// shift 360 intensity) (wrapped to [0, 360]); lightness += Poisson(std(L) intensity 255) / 255
    /// (1 - lightness).</summary>
    public static Mat IsoNoise(Mat rgb, IUniformSource rng)
    {
        var colorShift = rng.Uniform(0.01, 0.05);
        var intensity = rng.Uniform(0.1, 0.5);
        using var f = new Mat();
        rgb.ConvertTo(f, MatType.CV_32FC3, 1.0 / 255.0);
        using var hls = ImageOps.Convert(f, ColorConversionCodes.RGB2HLS);
        Cv2.MeanStdDev(hls, out _, out var std);
        var lambda = std.Val1 * intensity * 255;
        var values = ImageOps.Floats(hls);
        for (var i = 0; i < values.Length; i += 3)
        {
            var hue = values[i] + rng.Normal(0, colorShift * 360 * intensity);
            if (hue < 0) hue += 360;
            if (hue > 360) hue -= 360;
            values[i] = (float)hue;
            values[i + 1] += (float)(Poisson(lambda, rng) / 255.0 * (1.0 - values[i + 1]));
        }
        using var noisy = ImageOps.FromFloats(values, rgb.Rows, rgb.Cols, 3);
        using var back = ImageOps.Convert(noisy, ColorConversionCodes.HLS2RGB);
        var bytes = ImageOps.Floats(back).Select(v => ImageOps.ToByteTruncate(v * 255.0)).ToArray();
        return ImageOps.FromBytes(bytes, rgb.Rows, rgb.Cols, MatType.CV_8UC3);
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
