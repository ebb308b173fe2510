using RedDino.Formats.Imaging;
using RedDino.Pretraining.Data.Imaging;

namespace RedDino.Pretraining.Data.Augment.Rbc;

/// <summary>The "weather" effects of albumentations 1.3 with their defaults. Pixel sizes (drop
/// length, sun radius) are absolute, as in albumentations.</summary>
internal static class WeatherTransforms
{
    private static readonly byte[] White = [255, 255, 255];

    /// <summary>RandomRain(slant +-10, drops 20 px long, 1 px wide, colour 200, blur 7, brightness
    /// x0.7): area / 600 slanted lines, a 7 x 7 box blur, then value x 0.7 in HSV.</summary>
    public static RgbImage Rain(RgbImage rgb, IUniformSource rng)
    {
        const int dropLength = 20;
        int h = rgb.Height, w = rgb.Width;
        var slant = (int)rng.Uniform(-10, 10);
        var drops = h * w / 600;
        var image = new Raster((byte[])rgb.Pixels.Clone(), w, h, 3);
        byte[] drop = [200, 200, 200];
        for (var i = 0; i < drops; i++)
        {
            var x = slant < 0 ? rng.RandInt(slant, w) : rng.RandInt(0, w - slant);
            var y = rng.RandInt(0, Math.Max(0, h - dropLength));
            LineRaster.Draw(image, x, y, x + slant, y + dropLength, drop);
        }
        var hsv = HsvConversion.RgbToHsv(Blurs.Box(image, 7, 7));
        var darker = ImageOps.LutPerChannel(hsv, (c, v) => c == 2 ? v * 0.7 : v);
        return HsvConversion.HsvToRgb(darker).ToRgb();
    }

    /// <summary>RandomShadow(roi lower half, 1-2 shadows of 5 vertices): lightness x 0.5 in HLS
    /// inside random polygons (filled together, as one cv2.fillPoly call).</summary>
    public static RgbImage Shadow(RgbImage rgb, IUniformSource rng)
    {
        int h = rgb.Height, w = rgb.Width;
        int xMin = 0, yMin = h / 2, xMax = w, yMax = h;
        var count = rng.RandInt(1, 2);
        var polygons = new List<(int X, int Y)[]>();
        for (var s = 0; s < count; s++)
            polygons.Add(Enumerable.Range(0, 5).Select(_ => (rng.RandInt(xMin, xMax), rng.RandInt(yMin, yMax))).ToArray());
        var mask = Raster.Create(w, h, 1);
        PolygonFill.Fill(mask, polygons, [255]);
        var hls = HlsConversion.RgbToHls(rgb);
        for (var i = 0; i < mask.Data.Length; i++)
            if (mask.Data[i] == 255)
                hls.Data[3 * i + 1] = (byte)(hls.Data[3 * i + 1] * 0.5);
        return HlsConversion.HlsToRgb(hls).ToRgb();
    }

    /// <summary>RandomSnow(snow point 0.1-0.3, brightness x2.5): in HLS, lightness below
    /// 127.5 p + 85 is multiplied by 2.5 (capped at 255).</summary>
    public static RgbImage Snow(RgbImage rgb, IUniformSource rng)
    {
        var threshold = rng.Uniform(0.1, 0.3) * 127.5 + 255.0 / 3;
        var hls = HlsConversion.RgbToHls(rgb);
        var bright = ImageOps.LutPerChannel(hls, (c, v) => c == 1 && v < threshold ? Math.Min(v * 2.5, 255) : v);
        return HlsConversion.HlsToRgb(bright).ToRgb();
    }

    /// <summary>RandomSunFlare(roi top half, angle 0-1 turn, 6-10 circles, source radius 400, white):
    /// translucent circles along a line through the flare centre, then a radial white glow.</summary>
    public static RgbImage SunFlare(RgbImage rgb, IUniformSource rng)
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
        Raster output = rgb;
        // The overlay keeps every circle drawn so far, as albumentations draws them on one copy.
        var overlay = new Raster((byte[])rgb.Pixels.Clone(), w, h, 3);
        for (var i = 0; i < circles; i++)
        {
            var alpha = rng.Uniform(0.05, 0.2);
            var r = rng.RandInt(0, xs.Count - 1);
            var rad = rng.RandInt(1, Math.Max(h / 100 - 2, 2));
            var red = rng.RandInt(205, 255);
            var green = rng.RandInt(205, 255);
            var blue = rng.RandInt(205, 255);
            CircleRaster.Fill(overlay, xs[r], ys[r], rad * rad * rad, [(byte)red, (byte)green, (byte)blue]);
            output = Blend.Weighted(overlay, alpha, output, 1 - alpha);
        }
        // The glow: circles of growing radius, each blended with alpha (1 - i / (n - 1))^2.
        var steps = srcRadius / 10;
        var glow = output with { Data = (byte[])output.Data.Clone() };
        for (var i = 0; i < steps; i++)
        {
            var radius = 1 + (srcRadius - 1) * i / (double)(steps - 1);
            var a = (steps - i - 1) / (double)(steps - 1);
            CircleRaster.Fill(glow, cx, cy, (int)radius, White);
            output = Blend.Weighted(glow, a * a, output, 1 - a * a);
        }
        return output.ToRgb();
    }

    /// <summary>RandomFog(fog coefficient 0.3-1, alpha 0.08): white discs of diameter
    /// hw = max(W / 3 coef, 10) spread from the centre outwards, each blended with alpha 0.08 coef,
    /// then a box blur of hw / 10.</summary>
    public static RgbImage Fog(RgbImage rgb, IUniformSource rng)
    {
        int h = rgb.Height, w = rgb.Width;
        var coef = rng.Uniform(0.3, 1);
        var hw = Math.Max((int)(w / 3 * coef), 10);
        var points = new List<(int X, int Y)>();
        int midX = w / 2 - 2 * hw, midY = h / 2 - hw, index = 1;
        while (midX > -hw || midY > -hw)
        {
            for (var i = 0; i < hw / 10 * index; i++)
            {
                var x = rng.RandInt(midX, Math.Max(midX, w - midX - hw));
                var y = rng.RandInt(midY, Math.Max(midY, h - midY - hw));
                points.Add((x, y));
            }
            midX -= 3 * hw * w / (h + w);
            midY -= 3 * hw * h / (h + w);
            index++;
        }
        Raster image = rgb;
        var alpha = 0.08 * coef;
        foreach (var (x, y) in points)
        {
            var overlay = image with { Data = (byte[])image.Data.Clone() };
            CircleRaster.Fill(overlay, x + hw / 2, y + hw / 2, hw / 2, White);
            image = Blend.Weighted(overlay, alpha, image, 1 - alpha);
        }
        var k = Math.Max(hw / 10, 1);
        return Blurs.Box(image, k, k).ToRgb();
    }
}
