namespace RedDino.Pretraining.Data.Imaging;

/// <summary>Grey-level erosion, dilation and opening of one-channel images with a structuring
/// element, as cv2.erode / dilate / morphologyEx(MORPH_OPEN) with their default border (pixels
/// outside the image never win the min or the max).</summary>
internal static class Morphology
{
    /// <summary>cv2.getStructuringElement(MORPH_ELLIPSE, (w, h)): per row dy from the centre, the
    /// columns within round(cx sqrt(1 - dy^2 / r^2)) of it (5 x 5 gives a plus-shaped disc).</summary>
    public static bool[,] Ellipse(int width, int height)
    {
        int r = height / 2, c = width / 2;
        var inverseR2 = r > 0 ? 1.0 / ((double)r * r) : 0;
        var element = new bool[height, width];
        for (var i = 0; i < height; i++)
        {
            var dy = i - r;
            if (Math.Abs(dy) > r) continue;
            var dx = (int)Math.Round(c * Math.Sqrt((r * r - dy * dy) * inverseR2));
            for (var j = Math.Max(c - dx, 0); j < Math.Min(c + dx + 1, width); j++)
                element[i, j] = true;
        }
        return element;
    }

    public static Raster Erode(Raster src, bool[,] element) => Extremum(src, element, minimum: true);

    public static Raster Dilate(Raster src, bool[,] element) => Extremum(src, element, minimum: false);

    /// <summary>Opening: erosion then dilation; removes bright specks smaller than the element.</summary>
    public static Raster Open(Raster src, bool[,] element) => Dilate(Erode(src, element), element);

    private static Raster Extremum(Raster src, bool[,] element, bool minimum)
    {
        if (src.Channels != 1)
            throw new ArgumentException("morphology works on one channel");
        int w = src.Width, h = src.Height, eh = element.GetLength(0), ew = element.GetLength(1), ay = eh / 2, ax = ew / 2;
        var offsets = new List<(int Dx, int Dy)>();
        for (var i = 0; i < eh; i++)
            for (var j = 0; j < ew; j++)
                if (element[i, j]) offsets.Add((j - ax, i - ay));
        var dst = src.Blank();
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
            {
                int best = minimum ? 255 : 0;
                foreach (var (dx, dy) in offsets)
                {
                    int sx = x + dx, sy = y + dy;
                    if ((uint)sx >= (uint)w || (uint)sy >= (uint)h) continue;
                    var v = src.Data[sy * w + sx];
                    best = minimum ? Math.Min(best, v) : Math.Max(best, v);
                }
                dst.Data[y * w + x] = (byte)best;
            }
        return dst;
    }
}
