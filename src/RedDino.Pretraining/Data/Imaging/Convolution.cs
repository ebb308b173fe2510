namespace RedDino.Pretraining.Data.Imaging;

/// <summary>Linear filters with OpenCV's conventions: correlation (the kernel is not flipped), the
/// anchor at the kernel centre (size / 2), BORDER_REFLECT_101, float sums saturated to uint8.
/// The image is padded once into a float buffer, then every kernel tap adds a whole shifted row
/// (SIMD-wide), so a 21 x 21 defocus kernel on a 224 px crop stays in the milliseconds.</summary>
internal static class Convolution
{
    /// <summary>cv2.filter2D(src, -1, kernel) for a [kh, kw] kernel.</summary>
    public static Raster Filter2D(Raster src, float[,] kernel)
    {
        int kh = kernel.GetLength(0), kw = kernel.GetLength(1), ax = kw / 2, ay = kh / 2, c = src.Channels;
        using var padded = Border.PadReflect101(src.Data, src.Width, src.Height, c, ax, kw - 1 - ax, ay, kh - 1 - ay);
        int rowLength = src.Width * c, paddedStride = (src.Width + kw - 1) * c;
        var dst = src.Blank();
        using var accBuffer = new Scratch<float>(rowLength);
        var acc = accBuffer.Span;
        for (var y = 0; y < src.Height; y++)
        {
            acc.Clear();
            for (var ky = 0; ky < kh; ky++)
                for (var kx = 0; kx < kw; kx++)
                {
                    var w = kernel[ky, kx];
                    if (w != 0) // defocus and motion kernels are mostly zeros
                        VectorMath.AddScaled(acc, padded.Span.Slice((y + ky) * paddedStride + kx * c, rowLength), w);
                }
            VectorMath.Narrow(acc, dst.Data.AsSpan(y * rowLength, rowLength));
        }
        return dst;
    }

    /// <summary>A separable filter (row kernel, then column kernel) on an 8-bit image, rounded half
    /// up as GaussianBlur's fixed-point path does.</summary>
    public static Raster Separable(Raster src, float[] rowKernel, float[] columnKernel)
    {
        using var sums = SeparableSums(src.Data, src.Width, src.Height, src.Channels, rowKernel, columnKernel);
        var dst = src.Blank();
        VectorMath.Narrow(sums.Span, dst.Data, halfUp: true);
        return dst;
    }

    /// <summary>The same on a float image [H, W, C] (the defocus kernel is itself blurred this way).</summary>
    public static float[] Separable(float[] src, int width, int height, int channels, float[] rowKernel, float[] columnKernel)
    {
        using var sums = SeparableSums(src, width, height, channels, rowKernel, columnKernel);
        return sums.Span.ToArray();
    }

    /// <summary>[H, W C] filtered sums in a pooled buffer the caller disposes.</summary>
    private static Scratch<float> SeparableSums<T>(T[] data, int width, int height, int channels, float[] rowKernel, float[] columnKernel)
        where T : unmanaged, System.Numerics.INumberBase<T>
    {
        int rx = rowKernel.Length / 2, ry = columnKernel.Length / 2;
        using var padded = Border.PadReflect101(data, width, height, channels, rx, rowKernel.Length - 1 - rx, ry, columnKernel.Length - 1 - ry);
        int rowLength = width * channels, paddedStride = (width + rowKernel.Length - 1) * channels;
        int paddedRows = height + columnKernel.Length - 1;
        // [H + kh - 1, W C]: every padded row filtered horizontally.
        using var rows = new Scratch<float>(paddedRows * rowLength, clear: true);
        for (var y = 0; y < paddedRows; y++)
        {
            var acc = rows.Span.Slice(y * rowLength, rowLength);
            for (var t = 0; t < rowKernel.Length; t++)
                VectorMath.AddScaled(acc, padded.Span.Slice(y * paddedStride + t * channels, rowLength), rowKernel[t]);
        }
        // [H, W C]: then vertically.
        var output = new Scratch<float>(height * rowLength, clear: true);
        for (var y = 0; y < height; y++)
        {
            var acc = output.Span.Slice(y * rowLength, rowLength);
            for (var t = 0; t < columnKernel.Length; t++)
                VectorMath.AddScaled(acc, rows.Span.Slice((y + t) * rowLength, rowLength), columnKernel[t]);
        }
        return output;
    }
}
