using RedDino.Formats.Imaging;
using RedDino.Pretraining.Data.Imaging;

namespace RedDino.Pretraining.Data.Augment.Rbc;

/// <summary>Blurs (albumentations 1.3 defaults): kernel sizes are odd and drawn uniformly.</summary>
internal static class BlurTransforms
{
    /// <summary>Blur(blur_limit 7): box filter of odd size 3-7.</summary>
    public static RgbImage Blur(RgbImage rgb, IUniformSource rng)
    {
        var k = ImageOps.OddSize(rng, 3, 7);
        return Blurs.Box(rgb, k, k).ToRgb();
    }

    /// <summary>GaussianBlur(blur_limit 3-7, sigma 0: OpenCV derives sigma from the size).</summary>
    public static RgbImage GaussianBlur(RgbImage rgb, IUniformSource rng)
    {
        var k = ImageOps.OddSize(rng, 3, 7);
        return Blurs.Gaussian(rgb, k, 0).ToRgb();
    }

    /// <summary>MedianBlur(blur_limit 7): median of odd size 3-7.</summary>
    public static RgbImage MedianBlur(RgbImage rgb, IUniformSource rng)
    {
        var k = ImageOps.OddSize(rng, 3, 7);
        return MedianFilter.Apply(rgb, k).ToRgb();
    }

    /// <summary>MotionBlur(blur_limit 7): a normalised one-pixel line between two random points
    /// of an odd k x k kernel (distinct rows when the columns coincide).</summary>
    public static RgbImage MotionBlur(RgbImage rgb, IUniformSource rng)
    {
        var k = ImageOps.OddSize(rng, 3, 7);
        int x1 = rng.RandInt(0, k - 1), x2 = rng.RandInt(0, k - 1);
        int y1, y2;
        if (x1 == x2)
        {
            y1 = rng.RandInt(0, k - 1);
            y2 = rng.RandInt(0, k - 2);
            if (y2 >= y1) y2++; // two distinct rows
        }
        else
        {
            y1 = rng.RandInt(0, k - 1);
            y2 = rng.RandInt(0, k - 1);
        }
        var line = Raster.Create(k, k, 1);
        LineRaster.Draw(line, x1, y1, x2, y2, [1]);
        var count = line.Data.Sum(v => v);
        var kernel = new float[k, k];
        for (var y = 0; y < k; y++)
            for (var x = 0; x < k; x++)
                kernel[y, x] = (float)(line.Data[y * k + x] * (1.0 / count));
        return ImageOps.Filter(rgb, kernel);
    }

    /// <summary>Defocus(radius 3-10, alias_blur 0.1-0.5): a normalised disc, smoothed by a small
    /// Gaussian (size 3, or 5 past radius 8), used as a convolution kernel.</summary>
    public static RgbImage Defocus(RgbImage rgb, IUniformSource rng)
    {
        var radius = rng.RandInt(3, 10);
        var alias = rng.Uniform(0.1, 0.5);
        var half = Math.Max(8, radius);
        var size = 2 * half + 1;
        var disc = new float[size * size];
        for (var y = -half; y <= half; y++)
            for (var x = -half; x <= half; x++)
                if (x * x + y * y <= radius * radius)
                    disc[(y + half) * size + x + half] = 1f;
        var sum = disc.Sum();
        for (var i = 0; i < disc.Length; i++)
            disc[i] = (float)(disc[i] / (double)sum);
        var gaussian = GaussianKernel.Create(radius <= 8 ? 3 : 5, alias);
        var smoothed = Convolution.Separable(disc, size, size, 1, gaussian, gaussian);
        var kernel = new float[size, size];
        Buffer.BlockCopy(smoothed, 0, kernel, 0, smoothed.Length * sizeof(float));
        return ImageOps.Filter(rgb, kernel);
    }

    /// <summary>GlassBlur(sigma 0.7, max_delta 4, 2 iterations): Gaussian blur, then each pixel
    /// (scanned from the bottom-right inner corner) swapped with a random neighbour within +-4, twice,
    /// then Gaussian blur again.</summary>
    public static RgbImage GlassBlur(RgbImage rgb, IUniformSource rng)
    {
        const double sigma = 0.7;
        const int maxDelta = 4, iterations = 2;
        var bytes = Blurs.Gaussian(rgb, 0, sigma).Data;
        int h = rgb.Height, w = rgb.Width;
        for (var it = 0; it < iterations; it++)
            for (var y = h - maxDelta - 1; y >= maxDelta; y--)
                for (var x = w - maxDelta - 1; x >= maxDelta; x--)
                {
                    var dy = rng.RandInt(-maxDelta, maxDelta - 1);
                    var dx = rng.RandInt(-maxDelta, maxDelta - 1);
                    int a = 3 * (y * w + x), b = 3 * ((y + dy) * w + x + dx);
                    for (var c = 0; c < 3; c++)
                        (bytes[a + c], bytes[b + c]) = (bytes[b + c], bytes[a + c]);
                }
        return Blurs.Gaussian(new RgbImage(w, h, bytes), 0, sigma).ToRgb();
    }

    /// <summary>RingingOvershoot(blur_limit 7-15, cutoff pi/4-pi/2): a 2-D sinc (jinc) low-pass
    /// kernel, cutoff J1(cutoff r) / (2 pi r), normalised to sum 1.</summary>
    public static RgbImage RingingOvershoot(RgbImage rgb, IUniformSource rng)
    {
        var k = ImageOps.OddSize(rng, 7, 15);
        var cutoff = rng.Uniform(Math.PI / 4, Math.PI / 2);
        var kernel = new float[k, k];
        var c = (k - 1) / 2.0;
        double sum = 0;
        for (var y = 0; y < k; y++)
            for (var x = 0; x < k; x++)
            {
                var r = Math.Sqrt((x - c) * (x - c) + (y - c) * (y - c));
                var v = r == 0 ? cutoff * cutoff / (4 * Math.PI) : cutoff * Bessel.J1(cutoff * r) / (2 * Math.PI * r);
                kernel[y, x] = (float)v;
                sum += (float)v;
            }
        for (var y = 0; y < k; y++)
            for (var x = 0; x < k; x++)
                kernel[y, x] = (float)(kernel[y, x] / sum);
        return ImageOps.Filter(rgb, kernel);
    }
}

/// <summary>The Bessel function of the first kind of order 1 (rational approximations of
/// Abramowitz and Stegun 9.4.4-9.4.6, absolute error below 1e-7), for the ringing kernel.</summary>
internal static class Bessel
{
    public static double J1(double x)
    {
        var ax = Math.Abs(x);
        if (ax < 8.0)
        {
            var y = x * x;
            var num = x * (72362614232.0 + y * (-7895059235.0 + y * (242396853.1 + y * (-2972611.439 + y * (15704.48260 + y * -30.16036606)))));
            var den = 144725228442.0 + y * (2300535178.0 + y * (18583304.74 + y * (99447.43394 + y * (376.9991397 + y))));
            return num / den;
        }
        var z = 8.0 / ax;
        var zz = z * z;
        var xx = ax - 2.356194491;
        var p = 1.0 + zz * (0.183105e-2 + zz * (-0.3516396496e-4 + zz * (0.2457520174e-5 + zz * -0.240337019e-6)));
        var q = 0.04687499995 + zz * (-0.2002690873e-3 + zz * (0.8449199096e-5 + zz * (-0.88228987e-6 + zz * 0.105787412e-6)));
        var result = Math.Sqrt(0.636619772 / ax) * (Math.Cos(xx) * p - z * Math.Sin(xx) * q);
        return x < 0 ? -result : result;
    }
}
