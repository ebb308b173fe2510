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
        Span<float> pixel = stackalloc float[3];
        for (var i = 0; i < rgb.Data.Length; i += 3)
        {
            ToHls(rgb.Data[i] * (1f / 255f), rgb.Data[i + 1] * (1f / 255f), rgb.Data[i + 2] * (1f / 255f), 0.5f, pixel);
            hls.Data[i] = Saturate.ToByte(pixel[0]);
            hls.Data[i + 1] = Saturate.ToByte(pixel[1] * 255f);
            hls.Data[i + 2] = Saturate.ToByte(pixel[2] * 255f);
        }
        return hls;
    }

    public static Raster HlsToRgb(Raster hls)
    {
        var rgb = hls.Blank();
        Span<float> pixel = stackalloc float[3];
        for (var i = 0; i < hls.Data.Length; i += 3)
        {
            ToRgb(hls.Data[i], hls.Data[i + 1] * (1f / 255f), hls.Data[i + 2] * (1f / 255f), 6f / 180f, pixel);
            for (var k = 0; k < 3; k++)
                rgb.Data[i + k] = Saturate.ToByte(pixel[k] * 255f);
        }
        return rgb;
    }

    /// <summary>Float RGB [N, 3] in [0, 1] to HLS with the hue in degrees (in place is allowed).</summary>
    public static void RgbToHls(ReadOnlySpan<float> rgb, Span<float> hls)
    {
        Span<float> pixel = stackalloc float[3];
        for (var i = 0; i < rgb.Length; i += 3)
        {
            ToHls(rgb[i], rgb[i + 1], rgb[i + 2], 1f, pixel);
            pixel.CopyTo(hls[i..]);
        }
    }

    /// <summary>Float HLS (hue in degrees) [N, 3] back to RGB in [0, 1] (in place is allowed).</summary>
    public static void HlsToRgb(ReadOnlySpan<float> hls, Span<float> rgb)
    {
        Span<float> pixel = stackalloc float[3];
        for (var i = 0; i < hls.Length; i += 3)
        {
            ToRgb(hls[i], hls[i + 1], hls[i + 2], 6f / 360f, pixel);
            pixel.CopyTo(rgb[i..]);
        }
    }

    /// <summary>One pixel; the hue comes out in degrees times <paramref name="hueScale"/>.</summary>
    private static void ToHls(float r, float g, float b, float hueScale, Span<float> hls)
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
        hls[0] = h * hueScale;
        hls[1] = l;
        hls[2] = s;
    }

    /// <summary>One pixel; <paramref name="hueToSixths"/> turns the stored hue into sixths of a turn.</summary>
    private static void ToRgb(float h, float l, float s, float hueToSixths, Span<float> rgb)
    {
        if (s == 0)
        {
            rgb[0] = rgb[1] = rgb[2] = l;
            return;
        }
        Span<float> tones = stackalloc float[4];
        var p2 = l <= 0.5f ? l * (1 + s) : l + s - l * s;
        var p1 = 2 * l - p2;
        var (sector, f) = HueSectors.Split(h * hueToSixths);
        tones[0] = p2;
        tones[1] = p1;
        tones[2] = p1 + (p2 - p1) * (1 - f);
        tones[3] = p1 + (p2 - p1) * f;
        HueSectors.Pick(sector, tones, rgb);
    }
}
