namespace RedDino.Pretraining.Data.Imaging;

/// <summary>cv2.addWeighted for 8-bit images: a alpha + b beta + gamma per value, in float,
/// rounded and saturated.</summary>
internal static class Blend
{
    public static Raster Weighted(Raster a, double alpha, Raster b, double beta, double gamma = 0)
    {
        if (a.Width != b.Width || a.Height != b.Height || a.Channels != b.Channels)
            throw new ArgumentException("addWeighted needs images of one shape");
        var dst = a.Blank();
        float fa = (float)alpha, fb = (float)beta, fg = (float)gamma;
        for (var i = 0; i < a.Data.Length; i++)
            dst.Data[i] = Saturate.ToByte(a.Data[i] * fa + b.Data[i] * fb + fg);
        return dst;
    }
}
