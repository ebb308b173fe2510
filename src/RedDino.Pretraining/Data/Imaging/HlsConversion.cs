namespace RedDino.Pretraining.Data.Imaging;

/// <summary>COLOR_RGB2HLS / COLOR_HLS2RGB as OpenCV computes them in float: for 8-bit images the
/// hue is in 0-179 (degrees / 2) and lightness and saturation in 0-255; for float images (values
/// in [0, 1]) the hue is in degrees (0-360) and lightness and saturation in [0, 1].</summary>
internal static class HlsConversion
{
    private const float FltEpsilon = 1.1920929e-07f; // C's FLT_EPSILON (float.Epsilon is the smallest denormal)

    public static Raster RgbToHls(Raster rgb)
    {
        var hls = rgb.Blank();
        var s = rgb.Data;
        var d = hls.Data;
        for (var i = 0; i < s.Length; i += 3)
        {
            var (h, l, sat) = ToHls(s[i] * (1f / 255f), s[i + 1] * (1f / 255f), s[i + 2] * (1f / 255f), 0.5f);
            d[i] = Saturate.ToByte(h);
            d[i + 1] = Saturate.ToByte(l * 255f);
            d[i + 2] = Saturate.ToByte(sat * 255f);
        }
        return hls;
    }

    public static Raster HlsToRgb(Raster hls)
    {
        var rgb = hls.Blank();
        var s = hls.Data;
        var d = rgb.Data;
        for (var i = 0; i < s.Length; i += 3)
        {
            var (r, g, b) = ToRgb(s[i], s[i + 1] * (1f / 255f), s[i + 2] * (1f / 255f), 6f / 180f);
            d[i] = Saturate.ToByte(r * 255f);
            d[i + 1] = Saturate.ToByte(g * 255f);
            d[i + 2] = Saturate.ToByte(b * 255f);
        }
        return rgb;
    }

    /// <summary>Float RGB [N, 3] in [0, 1] to HLS with the hue in degrees (in place is allowed).</summary>
    public static void RgbToHls(ReadOnlySpan<float> rgb, Span<float> hls)
    {
        for (var i = 0; i < rgb.Length; i += 3)
            (hls[i], hls[i + 1], hls[i + 2]) = ToHls(rgb[i], rgb[i + 1], rgb[i + 2], 1f);
    }

    /// <summary>Float HLS (hue in degrees) [N, 3] back to RGB in [0, 1] (in place is allowed).</summary>
    public static void HlsToRgb(ReadOnlySpan<float> hls, Span<float> rgb)
    {
        for (var i = 0; i < hls.Length; i += 3)
            (rgb[i], rgb[i + 1], rgb[i + 2]) = ToRgb(hls[i], hls[i + 1], hls[i + 2], 6f / 360f);
    }

    /// <summary>One pixel; the hue comes out in degrees times <paramref name="hueScale"/>.</summary>
    private static (float H, float L, float S) ToHls(float r, float g, float b, float hueScale)
    {
        float max = MathF.Max(r, MathF.Max(g, b)), min = MathF.Min(r, MathF.Min(g, b));
        float diff = max - min, l = (max + min) * 0.5f, h = 0, s = 0;
        if (diff > FltEpsilon) // below it the pixel is grey: hue and saturation stay 0
        {
            s = l < 0.5f ? diff / (max + min) : diff / (2 - max - min);
            diff = 60f / diff;
            h = max == r ? (g - b) * diff : max == g ? (b - r) * diff + 120f : (r - g) * diff + 240f;
            if (h < 0) h += 360f;
        }
        return (h * hueScale, l, s);
    }

    /// <summary>One pixel; <paramref name="hueToSixths"/> turns the stored hue into sixths of a turn.</summary>
    private static (float R, float G, float B) ToRgb(float h, float l, float s, float hueToSixths)
    {
        if (s == 0)
            return (l, l, l);
        var p2 = l <= 0.5f ? l * (1 + s) : l + s - l * s;
        var p1 = 2 * l - p2;
        var (sector, f) = HueSectors.Split(h * hueToSixths);
        return HueSectors.Pick(sector, p2, p1, p1 + (p2 - p1) * (1 - f), p1 + (p2 - p1) * f);
    }
}
