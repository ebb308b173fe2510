namespace RedDino.Pretraining.Data.Imaging;

/// <summary>COLOR_RGB2GRAY and back, as OpenCV does for 8-bit images: Y = 0.299 R + 0.587 G +
/// 0.114 B in 15-bit fixed point (9798, 19235, 3735), rounded; GRAY2RGB repeats Y three times.</summary>
internal static class GrayConversion
{
    public static Raster RgbToGray(Raster rgb)
    {
        var gray = Raster.Create(rgb.Width, rgb.Height, 1);
        var s = rgb.Data;
        for (int i = 0, j = 0; i < gray.Data.Length; i++, j += 3)
            gray.Data[i] = (byte)((s[j] * 9798 + s[j + 1] * 19235 + s[j + 2] * 3735 + (1 << 14)) >> 15);
        return gray;
    }

    public static Raster GrayToRgb(Raster gray)
    {
        var rgb = Raster.Create(gray.Width, gray.Height, 3);
        for (int i = 0, j = 0; i < gray.Data.Length; i++, j += 3)
            rgb.Data[j] = rgb.Data[j + 1] = rgb.Data[j + 2] = gray.Data[i];
        return rgb;
    }
}
