namespace RedDino.Pretraining.Data.Imaging;

/// <summary>256-entry lookup tables (cv2.LUT): one table for every channel, or one per channel.</summary>
internal static class Lut
{
    public static Raster Apply(Raster src, byte[] table)
    {
        var dst = src.Blank();
        for (var i = 0; i < src.Data.Length; i++)
            dst.Data[i] = table[src.Data[i]];
        return dst;
    }

    /// <summary><paramref name="tables"/>[c] maps channel c.</summary>
    public static Raster Apply(Raster src, byte[][] tables)
    {
        if (tables.Length != src.Channels)
            throw new ArgumentException($"{tables.Length} tables for {src.Channels} channels");
        var dst = src.Blank();
        int c = src.Channels;
        for (var i = 0; i < src.Data.Length; i += c)
            for (var k = 0; k < c; k++)
                dst.Data[i + k] = tables[k][src.Data[i + k]];
        return dst;
    }
}
