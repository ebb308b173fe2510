namespace RedDino.Pretraining.Data.Imaging;

/// <summary>cv2.circle(img, centre, radius, colour, thickness=-1) with LINE_8: OpenCV's integer
/// midpoint circle, each step filling the four horizontal spans it reaches (clipped to the image).</summary>
internal static class CircleRaster
{
    public static void Fill(Raster image, int cx, int cy, int radius, ReadOnlySpan<byte> colour)
    {
        int w = image.Width, h = image.Height;
        int err = 0, dx = radius, dy = 0, plus = 1, minus = (radius << 1) - 1;
        while (dx >= dy)
        {
            // Spans at rows cy +- dy (half-width dx) and cy +- dx (half-width dy).
            if (cx - dx < w && cx + dx >= 0 && cy - dx < h && cy + dx >= 0)
            {
                Span(image, cy - dy, cx - dx, cx + dx, colour);
                Span(image, cy + dy, cx - dx, cx + dx, colour);
                if (cx - dy < w && cx + dy >= 0)
                {
                    Span(image, cy - dx, cx - dy, cx + dy, colour);
                    Span(image, cy + dx, cx - dy, cx + dy, colour);
                }
            }
            dy++;
            err += plus;
            plus += 2;
            if (err > 0)
            {
                err -= minus;
                dx--;
                minus -= 2;
            }
        }
    }

    /// <summary>Sets pixels x0..x1 (inclusive, clipped) of row y when the row is inside the image.</summary>
    internal static void Span(Raster image, int y, int x0, int x1, ReadOnlySpan<byte> colour)
    {
        if ((uint)y >= (uint)image.Height) return;
        x0 = Math.Max(x0, 0);
        x1 = Math.Min(x1, image.Width - 1);
        var c = image.Channels;
        for (var x = x0; x <= x1; x++)
            colour.CopyTo(image.Data.AsSpan((y * image.Width + x) * c, c));
    }
}
