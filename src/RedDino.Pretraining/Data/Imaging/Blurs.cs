namespace RedDino.Pretraining.Data.Imaging;

/// <summary>cv2.GaussianBlur and cv2.blur (normalised box filter), BORDER_REFLECT_101.</summary>
internal static class Blurs
{
    /// <summary>GaussianBlur with a square kernel; size 0 derives it from sigma, sigma 0 from the size.</summary>
    public static Raster Gaussian(Raster src, int size, double sigma)
    {
        if (size <= 0) size = GaussianKernel.SizeFor(sigma, eightBit: true);
        if (size == 1) return src with { Data = (byte[])src.Data.Clone() };
        var kernel = GaussianKernel.Create(size, sigma);
        return Convolution.Separable(src, kernel, kernel);
    }

    /// <summary>blur(src, (kw, kh)): the mean of a kw x kh window anchored at (kw / 2, kh / 2)
    /// (so an even window reaches one pixel further left/up). Integer sums, rounded half up as
    /// OpenCV's integer path does.</summary>
    public static Raster Box(Raster src, int kw, int kh)
    {
        int w = src.Width, h = src.Height, c = src.Channels, ax = kw / 2, ay = kh / 2, rowLength = w * c;
        // [H + kh - 1, W C]: horizontal window sums of every (reflected) source row.
        var rows = new int[(h + kh - 1) * rowLength];
        var columns = new int[w + kw - 1];
        for (var x = 0; x < columns.Length; x++)
            columns[x] = Border.Reflect101(x - ax, w) * c;
        for (var py = 0; py < h + kh - 1; py++)
        {
            var srcRow = Border.Reflect101(py - ay, h) * rowLength;
            var sums = rows.AsSpan(py * rowLength, rowLength);
            for (var k = 0; k < c; k++)
            {
                var s = 0;
                for (var t = 0; t < kw; t++) s += src.Data[srcRow + columns[t] + k];
                sums[k] = s;
                for (var x = 1; x < w; x++)
                {
                    s += src.Data[srcRow + columns[x + kw - 1] + k] - src.Data[srcRow + columns[x - 1] + k];
                    sums[x * c + k] = s;
                }
            }
        }
        var dst = src.Blank();
        var column = new int[rowLength];
        int area = kw * kh, half = area / 2;
        for (var t = 0; t < kh; t++)
            for (var i = 0; i < rowLength; i++) column[i] += rows[t * rowLength + i];
        for (var y = 0; y < h; y++)
        {
            if (y > 0)
                for (var i = 0; i < rowLength; i++)
                    column[i] += rows[(y + kh - 1) * rowLength + i] - rows[(y - 1) * rowLength + i];
            var outRow = dst.Data.AsSpan(y * rowLength, rowLength);
            for (var i = 0; i < rowLength; i++)
                outRow[i] = (byte)((column[i] + half) / area);
        }
        return dst;
    }
}
