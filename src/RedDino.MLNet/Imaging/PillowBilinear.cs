namespace RedDino.MLNet.Imaging;

/// <summary>Resizes RGB images exactly as Pillow 9.4's <c>Image.resize(size, Image.BILINEAR)</c> does
/// (what torchvision's <c>Resize</c> calls on PIL images in the reference preprocessing).</summary>
/// <remarks>
/// Separable: a horizontal pass into an intermediate 8-bit image, then a vertical pass, each a
/// fixed-point convolution with <see cref="ResampleKernel"/> weights, rounded (+2^21) and clipped to
/// 0..255. As in Pillow, a pass is skipped when its dimension does not change, and the horizontal
/// pass only computes the rows the vertical pass reads. The intermediate rounding to 8 bits is part
/// of Pillow's result, so it is reproduced, not "improved".
/// </remarks>
public static class PillowBilinear
{
    private const int Half = 1 << (ResampleKernel.PrecisionBits - 1);

    /// <summary>Returns <paramref name="source"/> resized to <paramref name="width"/> x <paramref name="height"/>
    /// (a copy when the size is unchanged).</summary>
    public static RgbImage Resize(RgbImage source, int width, int height)
    {
        if (width < 1 || height < 1)
            throw new ArgumentOutOfRangeException(nameof(width), $"target size {width}x{height} must be at least 1x1");
        var needHorizontal = width != source.Width;
        var needVertical = height != source.Height;
        if (!needHorizontal && !needVertical)
            return new RgbImage(source.Width, source.Height, (byte[])source.Pixels.Clone());

        var vertical = ResampleKernel.For(source.Height, height);
        var image = source;
        if (needHorizontal)
        {
            // Only rows firstRow .. lastRow - 1 feed the vertical pass.
            var firstRow = needVertical ? vertical.First[0] : 0;
            var lastRow = needVertical ? vertical.First[height - 1] + vertical.Count[height - 1] : source.Height;
            image = Horizontal(source, width, firstRow, lastRow - firstRow);
            if (needVertical)
                return Vertical(image, height, vertical, firstRow);
            return image;
        }
        return Vertical(image, height, vertical, 0);
    }

    // [rows, inW, 3] -> [rows, outW, 3], rows taken from source starting at firstRow.
    private static RgbImage Horizontal(RgbImage source, int outWidth, int firstRow, int rows)
    {
        var kernel = ResampleKernel.For(source.Width, outWidth);
        var output = new byte[rows * outWidth * 3];
        var src = source.Pixels;
        var srcStride = source.Stride;
        for (var y = 0; y < rows; y++)
        {
            var rowStart = (y + firstRow) * srcStride;
            var outRow = y * outWidth * 3;
            for (var x = 0; x < outWidth; x++)
            {
                var weights = kernel.Weights.AsSpan(x * kernel.MaxTaps, kernel.Count[x]);
                var p = rowStart + kernel.First[x] * 3;
                int r = Half, g = Half, b = Half;
                foreach (var w in weights)
                {
                    r += src[p] * w;
                    g += src[p + 1] * w;
                    b += src[p + 2] * w;
                    p += 3;
                }
                var o = outRow + x * 3;
                output[o] = Clip8(r);
                output[o + 1] = Clip8(g);
                output[o + 2] = Clip8(b);
            }
        }
        return new RgbImage(outWidth, rows, output);
    }

    // [inH', W, 3] -> [outH, W, 3]; the kernel's row indices are shifted by rowOffset (rows the
    // horizontal pass skipped).
    private static RgbImage Vertical(RgbImage source, int outHeight, ResampleKernel kernel, int rowOffset)
    {
        var stride = source.Stride;
        var output = new byte[outHeight * stride];
        var src = source.Pixels;
        var sums = new int[stride];
        for (var y = 0; y < outHeight; y++)
        {
            Array.Fill(sums, Half);
            var weights = kernel.Weights.AsSpan(y * kernel.MaxTaps, kernel.Count[y]);
            var row = (kernel.First[y] - rowOffset) * stride;
            foreach (var w in weights)
            {
                // One input row contributes to every value of the output row: a contiguous loop
                // the JIT vectorises poorly but that stays cache friendly.
                var input = src.AsSpan(row, stride);
                for (var i = 0; i < stride; i++) sums[i] += input[i] * w;
                row += stride;
            }
            var outRow = output.AsSpan(y * stride, stride);
            for (var i = 0; i < stride; i++) outRow[i] = Clip8(sums[i]);
        }
        return new RgbImage(source.Width, outHeight, output);
    }

    // Pillow's clip8: arithmetic shift, then clamp to 0..255.
    private static byte Clip8(int sum)
    {
        var v = sum >> ResampleKernel.PrecisionBits;
        return v < 0 ? (byte)0 : v > 255 ? (byte)255 : (byte)v;
    }
}
