namespace RedDino.Pretraining.Data.Imaging;

/// <summary>COLOR_RGB2HSV / COLOR_HSV2RGB for 8-bit images, as OpenCV computes them: hue in
/// 0-179 (degrees / 2), saturation and value in 0-255. RGB -> HSV is OpenCV's integer
/// algorithm (12-bit reciprocal tables), HSV -> RGB its float hexcone; the 8-bit results are
/// truncated, as OpenCV's vectorised path (which converts all but the last few pixels of a row)
/// does.</summary>
internal static class HsvConversion
{
    private const int Shift = 12;
    private static readonly int[] SaturationDivisor = Table(i => (255 << Shift) / (1.0 * i));
    private static readonly int[] HueDivisor = Table(i => (180 << Shift) / (6.0 * i));

    private static int[] Table(Func<int, double> f)
    {
        var t = new int[256];
        for (var i = 1; i < 256; i++) t[i] = (int)Math.Round(f(i));
        return t;
    }

    public static Raster RgbToHsv(Raster rgb)
    {
        var hsv = rgb.Blank();
        var s = rgb.Data;
        var d = hsv.Data;
        for (var i = 0; i < s.Length; i += 3)
        {
            int r = s[i], g = s[i + 1], b = s[i + 2];
            int v = Math.Max(r, Math.Max(g, b)), min = Math.Min(r, Math.Min(g, b)), diff = v - min;
            var sat = (diff * SaturationDivisor[v] + (1 << (Shift - 1))) >> Shift;
            // Hue before scaling, in units where one sixth of the turn is `diff`.
            var h = v == r ? g - b : v == g ? b - r + 2 * diff : r - g + 4 * diff;
            h = (h * HueDivisor[diff] + (1 << (Shift - 1))) >> Shift;
            if (h < 0) h += 180;
            d[i] = Saturate.ToByte(h);
            d[i + 1] = (byte)sat;
            d[i + 2] = (byte)v;
        }
        return hsv;
    }

    public static Raster HsvToRgb(Raster hsv)
    {
        var rgb = hsv.Blank();
        var s = hsv.Data;
        var d = rgb.Data;
        for (var i = 0; i < s.Length; i += 3)
        {
            float h = s[i], sat = s[i + 1] * (1f / 255f), v = s[i + 2] * (1f / 255f);
            float r = v, g = v, b = v;
            if (sat != 0)
            {
                var (sector, f) = HueSectors.Split(h * (6f / 180f));
                (r, g, b) = HueSectors.Pick(sector, v, v * (1f - sat), v * (1f - sat * f), v * (1f - sat * (1f - f)));
            }
            d[i] = (byte)Math.Clamp((int)(r * 255f), 0, 255);
            d[i + 1] = (byte)Math.Clamp((int)(g * 255f), 0, 255);
            d[i + 2] = (byte)Math.Clamp((int)(b * 255f), 0, 255);
        }
        return rgb;
    }
}
