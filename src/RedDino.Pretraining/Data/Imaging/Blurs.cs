using System.Numerics;
using System.Runtime.InteropServices;

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
    /// (so an even window reaches one pixel further left/up). Integer window sums, sliding along
    /// rows then down columns, rounded half up as OpenCV's integer path does.</summary>
    public static Raster Box(Raster src, int kw, int kh)
    {
        int w = src.Width, h = src.Height, c = src.Channels, ax = kw / 2, ay = kh / 2, rowLength = w * c;
        // [H + kh - 1, W C]: horizontal window sums of every (reflected) source row.
        using var rowSums = new Scratch<int>((h + kh - 1) * rowLength);
        var rows = rowSums.Span;
        var columns = new int[w + kw - 1];
        for (var x = 0; x < columns.Length; x++)
            columns[x] = Border.Reflect101(x - ax, w) * c;
        var padded = new int[columns.Length * c];
        for (var py = 0; py < h + kh - 1; py++)
        {
            var srcRow = src.Data.AsSpan(Border.Reflect101(py - ay, h) * rowLength, rowLength);
            for (var x = 0; x < columns.Length; x++)
                for (var k = 0; k < c; k++)
                    padded[x * c + k] = srcRow[columns[x] + k];
            var sums = rows.Slice(py * rowLength, rowLength);
            for (var k = 0; k < c; k++)
            {
                var s = 0;
                for (var t = 0; t < kw; t++) s += padded[t * c + k];
                sums[k] = s;
                for (var x = 1; x < w; x++)
                {
                    s += padded[(x + kw - 1) * c + k] - padded[(x - 1) * c + k];
                    sums[x * c + k] = s;
                }
            }
        }
        var dst = src.Blank();
        var column = new int[rowLength];
        for (var t = 0; t < kh; t++)
            Add(column, rows.Slice(t * rowLength, rowLength), 1);
        var divide = new Divider(kw * kh);
        for (var y = 0; y < h; y++)
        {
            if (y > 0)
            {
                Add(column, rows.Slice((y + kh - 1) * rowLength, rowLength), 1);
                Add(column, rows.Slice((y - 1) * rowLength, rowLength), -1);
            }
            var outRow = dst.Data.AsSpan(y * rowLength, rowLength);
            for (var i = 0; i < rowLength; i++)
                outRow[i] = (byte)divide.RoundHalfUp(column[i]);
        }
        return dst;
    }

    /// <summary>column += sign * row, SIMD-wide.</summary>
    private static void Add(Span<int> column, ReadOnlySpan<int> row, int sign)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated && column.Length >= Vector<int>.Count)
        {
            var c = MemoryMarshal.Cast<int, Vector<int>>(column);
            var r = MemoryMarshal.Cast<int, Vector<int>>(row[..(c.Length * Vector<int>.Count)]);
            for (var v = 0; v < c.Length; v++)
                c[v] = sign > 0 ? c[v] + r[v] : c[v] - r[v];
            i = c.Length * Vector<int>.Count;
        }
        for (; i < column.Length; i++)
            column[i] += sign * row[i];
    }

    /// <summary>(s + area / 2) / area for 0 &lt;= s &lt;= 255 area by a multiply and a shift: with
    /// m = ceil(2^32 / area) the error stays below 1 / area while area &lt; 4096, so the quotient is
    /// exact; larger windows divide.</summary>
    private readonly struct Divider(int area)
    {
        private readonly ulong multiplier = ((1UL << 32) + (ulong)area - 1) / (ulong)area;

        public int RoundHalfUp(int sum) => area < 4096
            ? (int)(((ulong)(uint)(sum + area / 2) * multiplier) >> 32)
            : (sum + area / 2) / area;
    }
}
