namespace RedDino.Pretraining.Data.Imaging;

/// <summary>cv2.resize for 8-bit images: INTER_LINEAR and INTER_CUBIC (a = -0.75) on half-pixel
/// centres, source index clamped at the border (edge pixels repeat), no antialiasing when
/// shrinking (as OpenCV); INTER_NEAREST with OpenCV's floor(x / scale) rule. Separable and in
/// OpenCV's fixed point for 8-bit images: 11-bit weights, a horizontal integer pass over the
/// source rows that are needed, then a vertical pass: cubic rounded by (v + 2^21) >> 22; linear as
/// OpenCV's vectorised path does it (which handles all but the last few pixels of a row), each
/// row sum cut to 16 bits (>> 4) and each product to its high 16 bits before rounding by
/// (sum + 2) >> 2.</summary>
internal static class Resize
{
    private const int WeightBits = 11;
    private const int WeightScale = 1 << WeightBits;

    public static Raster Linear(Raster src, int width, int height) => Interpolate(src, width, height, cubic: false);

    public static Raster Cubic(Raster src, int width, int height) => Interpolate(src, width, height, cubic: true);

    /// <summary>INTER_NEAREST to width x height.</summary>
    public static Raster Nearest(Raster src, int width, int height) =>
        Nearest(src, width, height, (double)width / src.Width, (double)height / src.Height);

    /// <summary>cv2.resize(src, None, fx=f, fy=f, INTER_NEAREST): the size is round(W f) x round(H f)
    /// (at least 1) and the scale is f itself, not the ratio of the rounded sizes.</summary>
    public static Raster NearestByFactor(Raster src, double factor) =>
        Nearest(src, Math.Max(1, (int)Math.Round(src.Width * factor)), Math.Max(1, (int)Math.Round(src.Height * factor)), factor, factor);

    private static Raster Nearest(Raster src, int width, int height, double scaleX, double scaleY)
    {
        int c = src.Channels;
        double ifx = 1.0 / scaleX, ify = 1.0 / scaleY;
        var columns = new int[width];
        for (var x = 0; x < width; x++)
            columns[x] = Math.Min((int)Math.Floor(x * ifx), src.Width - 1) * c;
        var dst = Raster.Create(width, height, c);
        for (var y = 0; y < height; y++)
        {
            var srcRow = Math.Min((int)Math.Floor(y * ify), src.Height - 1) * src.Stride;
            var dstRow = y * dst.Stride;
            for (var x = 0; x < width; x++)
                for (var k = 0; k < c; k++)
                    dst.Data[dstRow + x * c + k] = src.Data[srcRow + columns[x] + k];
        }
        return dst;
    }

    private static Raster Interpolate(Raster src, int width, int height, bool cubic)
    {
        if (width < 1 || height < 1)
            throw new ArgumentOutOfRangeException(nameof(width), $"resize target {width}x{height} must be at least 1x1");
        if (width == src.Width && height == src.Height)
            return src with { Data = (byte[])src.Data.Clone() };
        int c = src.Channels, taps = cubic ? 4 : 2;
        var (xIndex, xWeight) = Axis(src.Width, width, cubic);
        var (yIndex, yWeight) = Axis(src.Height, height, cubic);

        // Horizontal pass, only over the source rows some output row reads: [srcH, W' C].
        int rowLength = width * c;
        var needed = new bool[src.Height];
        foreach (var i in yIndex) needed[i] = true;
        using var rowSums = new Scratch<int>(src.Height * rowLength);
        var rows = rowSums.Array;
        for (var sy = 0; sy < src.Height; sy++)
        {
            if (!needed[sy]) continue;
            var srcRow = src.Data.AsSpan(sy * src.Stride, src.Stride);
            var outRow = rows.AsSpan(sy * rowLength, rowLength);
            for (var x = 0; x < width; x++)
            {
                var t0 = x * taps;
                if (cubic)
                {
                    int i0 = xIndex[t0] * c, i1 = xIndex[t0 + 1] * c, i2 = xIndex[t0 + 2] * c, i3 = xIndex[t0 + 3] * c;
                    int w0 = xWeight[t0], w1 = xWeight[t0 + 1], w2 = xWeight[t0 + 2], w3 = xWeight[t0 + 3];
                    for (var k = 0; k < c; k++)
                        outRow[x * c + k] = w0 * srcRow[i0 + k] + w1 * srcRow[i1 + k] + w2 * srcRow[i2 + k] + w3 * srcRow[i3 + k];
                }
                else
                {
                    int i0 = xIndex[t0] * c, i1 = xIndex[t0 + 1] * c, w0 = xWeight[t0], w1 = xWeight[t0 + 1];
                    for (var k = 0; k < c; k++)
                        outRow[x * c + k] = w0 * srcRow[i0 + k] + w1 * srcRow[i1 + k];
                }
            }
        }

        var dst = Raster.Create(width, height, c);
        const long half = 1L << (2 * WeightBits - 1);
        for (var y = 0; y < height; y++)
        {
            var outRow = y * rowLength;
            if (cubic)
                for (var i = 0; i < rowLength; i++)
                {
                    long sum = 0;
                    for (var t = 0; t < 4; t++)
                        sum += (long)yWeight[y * 4 + t] * rows[yIndex[y * 4 + t] * rowLength + i];
                    dst.Data[outRow + i] = (byte)Math.Clamp((sum + half) >> (2 * WeightBits), 0, 255);
                }
            else
            {
                int b0 = yWeight[y * 2], b1 = yWeight[y * 2 + 1];
                int row0 = yIndex[y * 2] * rowLength, row1 = yIndex[y * 2 + 1] * rowLength;
                for (var i = 0; i < rowLength; i++)
                {
                    var sum = ((b0 * (rows[row0 + i] >> 4)) >> 16) + ((b1 * (rows[row1 + i] >> 4)) >> 16);
                    dst.Data[outRow + i] = (byte)Math.Clamp((sum + 2) >> 2, 0, 255);
                }
            }
        }
        return dst;
    }

    /// <summary>Per output index: the source indices and fixed-point weights of its taps.</summary>
    private static (int[] Index, int[] Weight) Axis(int sourceLength, int targetLength, bool cubic)
    {
        int taps = cubic ? 4 : 2;
        var index = new int[targetLength * taps];
        var weight = new int[targetLength * taps];
        var scale = 1.0 / ((double)targetLength / sourceLength);
        Span<float> w = stackalloc float[4];
        for (var d = 0; d < targetLength; d++)
        {
            var f = (float)((d + 0.5) * scale - 0.5);
            var s = (int)MathF.Floor(f);
            f -= s;
            if (cubic)
            {
                CubicWeights(f, w);
                for (var t = 0; t < 4; t++)
                    index[d * 4 + t] = Border.Replicate(s - 1 + t, sourceLength);
            }
            else
            {
                // Past either edge the nearest pixel is taken whole.
                if (s < 0) (s, f) = (0, 0);
                if (s >= sourceLength - 1) (s, f) = (sourceLength - 1, 0);
                w[0] = 1 - f;
                w[1] = f;
                index[d * 2] = s;
                index[d * 2 + 1] = Math.Min(s + 1, sourceLength - 1);
            }
            for (var t = 0; t < taps; t++)
                weight[d * taps + t] = (int)MathF.Round(w[t] * WeightScale);
        }
        return (index, weight);
    }

    /// <summary>OpenCV's cubic convolution weights (a = -0.75) of the taps at -1, 0, 1, 2 for a fraction x.</summary>
    private static void CubicWeights(float x, Span<float> w)
    {
        const float a = -0.75f;
        w[0] = ((a * (x + 1) - 5 * a) * (x + 1) + 8 * a) * (x + 1) - 4 * a;
        w[1] = ((a + 2) * x - (a + 3)) * x * x + 1;
        w[2] = ((a + 2) * (1 - x) - (a + 3)) * (1 - x) * (1 - x) + 1;
        w[3] = 1f - w[0] - w[1] - w[2];
    }
}
