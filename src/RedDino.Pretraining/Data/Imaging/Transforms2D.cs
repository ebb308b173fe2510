namespace RedDino.Pretraining.Data.Imaging;

/// <summary>Pixel moves without resampling: flips, quarter turns (numpy.rot90 / cv2.rotate) and
/// crops inside the image.</summary>
internal static class Transforms2D
{
    /// <summary>Mirror left-right (cv2.flip(img, 1)).</summary>
    public static Raster FlipHorizontal(Raster src)
    {
        var dst = src.Blank();
        int c = src.Channels;
        for (var y = 0; y < src.Height; y++)
        {
            var row = y * src.Stride;
            for (var x = 0; x < src.Width; x++)
                Array.Copy(src.Data, row + x * c, dst.Data, row + (src.Width - 1 - x) * c, c);
        }
        return dst;
    }

    /// <summary>Mirror top-bottom (cv2.flip(img, 0)).</summary>
    public static Raster FlipVertical(Raster src)
    {
        var dst = src.Blank();
        for (var y = 0; y < src.Height; y++)
            Array.Copy(src.Data, y * src.Stride, dst.Data, (src.Height - 1 - y) * src.Stride, src.Stride);
        return dst;
    }

    /// <summary>k quarter turns counter-clockwise (numpy.rot90(img, k)); k = 0 gives a copy.</summary>
    public static Raster Rotate90(Raster src, int k)
    {
        k = ((k % 4) + 4) % 4;
        if (k == 0) return src with { Data = (byte[])src.Data.Clone() };
        int w = src.Width, h = src.Height, c = src.Channels;
        var dst = k == 2 ? Raster.Create(w, h, c) : Raster.Create(h, w, c);
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
            {
                // Where source pixel (x, y) lands.
                var (dx, dy) = k switch
                {
                    1 => (y, w - 1 - x),         // counter-clockwise
                    2 => (w - 1 - x, h - 1 - y),
                    _ => (h - 1 - y, x),         // clockwise
                };
                Array.Copy(src.Data, (y * w + x) * c, dst.Data, (dy * dst.Width + dx) * c, c);
            }
        return dst;
    }

    /// <summary>The box (x, y, w, h), which must lie inside the image (a copy).</summary>
    public static Raster Crop(Raster src, int x, int y, int width, int height)
    {
        if (x < 0 || y < 0 || width < 1 || height < 1 || x + width > src.Width || y + height > src.Height)
            throw new ArgumentOutOfRangeException(nameof(x), $"crop {x},{y},{width},{height} outside a {src.Width}x{src.Height} image");
        var dst = Raster.Create(width, height, src.Channels);
        for (var r = 0; r < height; r++)
            Array.Copy(src.Data, (y + r) * src.Stride + x * src.Channels, dst.Data, r * dst.Stride, dst.Stride);
        return dst;
    }
}
