using OpenCvSharp;

namespace RedDino.Pretraining.Data.Augment.Rbc;

/// <summary>The "weather" effects of albumentations 1.3 with their defaults. Pixel sizes (drop
/// length, sun radius) are absolute, as in albumentations.</summary>
internal static class WeatherTransforms
{
    /// <summary>RandomRain(slant +-10, drops 20 px long, 1 px wide, colour 200, blur 7, brightness
    /// x0.7): area / 600 slanted lines, a 7 x 7 box blur, then value x 0.7 in HSV.</summary>
    public static Mat Rain(Mat rgb, IUniformSource rng)
    {
        const int dropLength = 20;
        int h = rgb.Height, w = rgb.Width;
        var slant = (int)rng.Uniform(-10, 10);
        var drops = h * w / 600;
        using var image = rgb.Clone();
        for (var i = 0; i < drops; i++)
        {
            var x = slant < 0 ? rng.RandInt(slant, w) : rng.RandInt(0, w - slant);
            var y = rng.RandInt(0, Math.Max(0, h - dropLength));
            Cv2.Line(image, new Point(x, y), new Point(x + slant, y + dropLength), new Scalar(200, 200, 200), 1);
        }
        using var blurred = new Mat();
        Cv2.Blur(image, blurred, new Size(7, 7));
        using var hsv = ImageOps.Convert(blurred, ColorConversionCodes.RGB2HSV);
        using var darker = ImageOps.LutPerChannel(hsv, (c, v) => c == 2 ? v * 0.7 : v);
        return ImageOps.Convert(darker, ColorConversionCodes.HSV2RGB);
    }

    /// <summary>RandomShadow(roi lower half, 1-2 shadows of 5 vertices): lightness x 0.5 in HLS
    /// inside random polygons.</summary>
    public static Mat Shadow(Mat rgb, IUniformSource rng)
    {
        int h = rgb.Height, w = rgb.Width;
        int xMin = 0, yMin = h / 2, xMax = w, yMax = h;
        var count = rng.RandInt(1, 2);
        var polygons = new List<Point[]>();
        for (var s = 0; s < count; s++)
            polygons.Add(Enumerable.Range(0, 5).Select(_ => new Point(rng.RandInt(xMin, xMax), rng.RandInt(yMin, yMax))).ToArray());
        using var mask = new Mat(h, w, MatType.CV_8UC1, Scalar.All(0));
        Cv2.FillPoly(mask, polygons, Scalar.All(255));
        using var hls = ImageOps.Convert(rgb, ColorConversionCodes.RGB2HLS);
        var bytes = ImageOps.Bytes(hls);
        var m = ImageOps.Bytes(mask);
        for (var i = 0; i < m.Length; i++)
            if (m[i] == 255)
                bytes[3 * i + 1] = (byte)(bytes[3 * i + 1] * 0.5);
        using var shaded = ImageOps.FromBytes(bytes, h, w, MatType.CV_8UC3);
        return ImageOps.Convert(shaded, ColorConversionCodes.HLS2RGB);
    }

    /// <summary>RandomSnow(snow point 0.1-0.3, brightness x2.5): in HLS, lightness below
    /// 127.5 p + 85 is multiplied by 2.5 (capped at 255).</summary>
    public static Mat Snow(Mat rgb, IUniformSource rng)
    {
        var threshold = rng.Uniform(0.1, 0.3) * 127.5 + 255.0 / 3;
        using var hls = ImageOps.Convert(rgb, ColorConversionCodes.RGB2HLS);
        using var bright = ImageOps.LutPerChannel(hls, (c, v) => c == 1 && v < threshold ? Math.Min(v * 2.5, 255) : v);
        return ImageOps.Convert(bright, ColorConversionCodes.HLS2RGB);
    }

    /// <summary>RandomSunFlare(roi top half, angle 0-1 turn, 6-10 circles, source radius 400, white):
    /// translucent circles along a line through the flare centre, then a radial white glow.</summary>
    public static Mat SunFlare(Mat rgb, IUniformSource rng)
    {
        const int srcRadius = 400;
        int h = rgb.Height, w = rgb.Width;
        var angle = 2 * Math.PI * rng.Uniform(0, 1);
        var cx = (int)(w * rng.Uniform(0, 1));
        var cy = (int)(h * rng.Uniform(0, 0.5));
        var circles = rng.RandInt(6, 10);
        var xs = new List<int>();
        var ys = new List<int>();
        for (var x = 0; x < w; x += 10)
        {
            var y = Math.Tan(angle) * (x - cx) + cy;
            xs.Add(x);
            ys.Add((int)(2 * cy - y));
        }
        var output = rgb.Clone();
        using var overlay = rgb.Clone();
        for (var i = 0; i < circles; i++)
        {
            var alpha = rng.Uniform(0.05, 0.2);
            var r = rng.RandInt(0, xs.Count - 1);
            var rad = rng.RandInt(1, Math.Max(h / 100 - 2, 2));
            var colour = new Scalar(rng.RandInt(205, 255), rng.RandInt(205, 255), rng.RandInt(205, 255));
            Cv2.Circle(overlay, new Point(xs[r], ys[r]), rad * rad * rad, colour, -1);
            Cv2.AddWeighted(overlay, alpha, output, 1 - alpha, 0, output);
        }
        // The glow: circles of growing radius, each blended with alpha (1 - i / (n - 1))^2.
        var steps = srcRadius / 10;
        using var glow = output.Clone();
        for (var i = 0; i < steps; i++)
        {
            var radius = 1 + (srcRadius - 1) * i / (double)(steps - 1);
            var a = (steps - i - 1) / (double)(steps - 1);
            Cv2.Circle(glow, new Point(cx, cy), (int)radius, Scalar.All(255), -1);
            Cv2.AddWeighted(glow, a * a, output, 1 - a * a, 0, output);
        }
        return output;
    }

    /// <summary>RandomFog(fog coefficient 0.3-1, alpha 0.08): white discs of diameter
    /// hw = max(W / 3 coef, 10) spread from the centre outwards, each blended with alpha 0.08 coef,
    /// then a box blur of hw / 10.</summary>
    public static Mat Fog(Mat rgb, IUniformSource rng)
    {
        int h = rgb.Height, w = rgb.Width;
        var coef = rng.Uniform(0.3, 1);
        var hw = Math.Max((int)(w / 3 * coef), 10);
        var points = new List<Point>();
        int midX = w / 2 - 2 * hw, midY = h / 2 - hw, index = 1;
        while (midX > -hw || midY > -hw)
        {
            for (var i = 0; i < hw / 10 * index; i++)
            {
                var x = rng.RandInt(midX, Math.Max(midX, w - midX - hw));
                var y = rng.RandInt(midY, Math.Max(midY, h - midY - hw));
                points.Add(new Point(x, y));
            }
            midX -= 3 * hw * w / (h + w);
            midY -= 3 * hw * h / (h + w);
            index++;
        }
        var image = rgb.Clone();
        var alpha = 0.08 * coef;
        using var overlay = new Mat();
        foreach (var p in points)
        {
            image.CopyTo(overlay);
            Cv2.Circle(overlay, new Point(p.X + hw / 2, p.Y + hw / 2), hw / 2, Scalar.All(255), -1);
            Cv2.AddWeighted(overlay, alpha, image, 1 - alpha, 0, image);
        }
        var k = Math.Max(hw / 10, 1);
        var dst = new Mat();
        Cv2.Blur(image, dst, new Size(k, k));
        image.Dispose();
        return dst;
    }
}
