namespace RedDino.Pretraining.Data.Imaging;

/// <summary>cv2.line with thickness 1 and LINE_8: the segment is first clipped to the image with
/// OpenCV's integer clipLine (which moves the end points, and so the pixels chosen), then walked by
/// OpenCV's Bresenham iterator from the left end point, every pixel set to the colour.</summary>
internal static class LineRaster
{
    public static void Draw(Raster image, int x1, int y1, int x2, int y2, ReadOnlySpan<byte> colour)
    {
        int w = image.Width, h = image.Height, c = image.Channels;
        if ((uint)x1 >= (uint)w || (uint)x2 >= (uint)w || (uint)y1 >= (uint)h || (uint)y2 >= (uint)h)
            if (!Clip(w, h, ref x1, ref y1, ref x2, ref y2))
                return;
        if (x2 < x1) (x1, y1, x2, y2) = (x2, y2, x1, y1); // walk left to right
        int dx = x2 - x1, dy = y2 - y1;
        int stepY = dy < 0 ? -1 : 1;
        dy = Math.Abs(dy);
        // The major axis advances every step; the minor one when the error goes negative.
        var steep = dy > dx;
        if (steep) (dx, dy) = (dy, dx);
        int err = dx - 2 * dy, x = x1, y = y1;
        for (var i = 0; i <= dx; i++)
        {
            colour.CopyTo(image.Data.AsSpan((y * w + x) * c, c));
            var minor = err < 0;
            err += -2 * dy + (minor ? 2 * dx : 0);
            if (steep)
            {
                y += stepY;
                if (minor) x++;
            }
            else
            {
                x++;
                if (minor) y += stepY;
            }
        }
    }

    /// <summary>OpenCV's clipLine (Cohen-Sutherland with integer division toward zero): false when
    /// the segment misses the image.</summary>
    private static bool Clip(int width, int height, ref int px1, ref int py1, ref int px2, ref int py2)
    {
        long right = width - 1, bottom = height - 1;
        long x1 = px1, y1 = py1, x2 = px2, y2 = py2;
        var c1 = Code(x1, y1, right, bottom);
        var c2 = Code(x2, y2, right, bottom);
        if ((c1 & c2) == 0 && (c1 | c2) != 0)
        {
            if ((c1 & 12) != 0)
            {
                long a = c1 < 8 ? 0 : bottom;
                x1 += (a - y1) * (x2 - x1) / (y2 - y1);
                y1 = a;
                c1 = (x1 < 0 ? 1 : 0) + (x1 > right ? 2 : 0);
            }
            if ((c2 & 12) != 0)
            {
                long a = c2 < 8 ? 0 : bottom;
                x2 += (a - y2) * (x2 - x1) / (y2 - y1);
                y2 = a;
                c2 = (x2 < 0 ? 1 : 0) + (x2 > right ? 2 : 0);
            }
            if ((c1 & c2) == 0 && (c1 | c2) != 0)
            {
                if (c1 != 0)
                {
                    long a = c1 == 1 ? 0 : right;
                    y1 += (a - x1) * (y2 - y1) / (x2 - x1);
                    x1 = a;
                    c1 = 0;
                }
                if (c2 != 0)
                {
                    long a = c2 == 1 ? 0 : right;
                    y2 += (a - x2) * (y2 - y1) / (x2 - x1);
                    x2 = a;
                    c2 = 0;
                }
            }
        }
        (px1, py1, px2, py2) = ((int)x1, (int)y1, (int)x2, (int)y2);
        return (c1 | c2) == 0;
    }

    private static int Code(long x, long y, long right, long bottom) =>
        (x < 0 ? 1 : 0) + (x > right ? 2 : 0) + (y < 0 ? 4 : 0) + (y > bottom ? 8 : 0);
}
