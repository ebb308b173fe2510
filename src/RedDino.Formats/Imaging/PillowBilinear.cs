using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RedDino.Formats.Imaging;

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
        var srcStride = source.Stride;
        ref var src = ref MemoryMarshal.GetArrayDataReference(source.Pixels);
        ref var weights = ref MemoryMarshal.GetArrayDataReference(kernel.Weights);
        for (var y = 0; y < rows; y++)
        {
            var rowStart = (y + firstRow) * srcStride;
            var outRow = y * outWidth * 3;
            for (var x = 0; x < outWidth; x++)
            {
                // Indices come from the kernel, which keeps First + Count within the row: no bounds checks needed.
                ref var w = ref Unsafe.Add(ref weights, x * kernel.MaxTaps);
                ref var p = ref Unsafe.Add(ref src, rowStart + kernel.First[x] * 3);
                int r = Half, g = Half, b = Half;
                for (var k = 0; k < kernel.Count[x]; k++)
                {
                    var wk = Unsafe.Add(ref w, k);
                    r += Unsafe.Add(ref p, 3 * k) * wk;
                    g += Unsafe.Add(ref p, 3 * k + 1) * wk;
                    b += Unsafe.Add(ref p, 3 * k + 2) * wk;
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
    // horizontal pass skipped). Each output row is a weighted sum of whole input rows, done with SIMD:
    // bytes widened to int32 lanes, multiplied by the tap weight, accumulated, then shifted and clamped.
    private static RgbImage Vertical(RgbImage source, int outHeight, ResampleKernel kernel, int rowOffset)
    {
        var stride = source.Stride;
        var output = new byte[outHeight * stride];
        var src = source.Pixels;
        var sums = new int[stride + Vector<byte>.Count];
        var lanes = Vector<byte>.Count;
        var vectorEnd = Vector.IsHardwareAccelerated ? stride - stride % lanes : 0;
        for (var y = 0; y < outHeight; y++)
        {
            Array.Fill(sums, Half);
            var row = (kernel.First[y] - rowOffset) * stride;
            for (var k = 0; k < kernel.Count[y]; k++, row += stride)
            {
                var w = kernel.Weights[y * kernel.MaxTaps + k];
                var input = src.AsSpan(row, stride);
                var wv = new Vector<int>(w);
                var acc = MemoryMarshal.Cast<int, Vector<int>>(sums.AsSpan());
                for (var i = 0; i < vectorEnd; i += lanes)
                {
                    // [lanes] bytes -> 4 x [lanes / 4] int32
                    Vector.Widen(new Vector<byte>(input[i..]), out var low, out var high);
                    Vector.Widen(low, out var a, out var b);
                    Vector.Widen(high, out var c, out var d);
                    var v = i / Vector<int>.Count;
                    acc[v] += Vector.AsVectorInt32(a) * wv;
                    acc[v + 1] += Vector.AsVectorInt32(b) * wv;
                    acc[v + 2] += Vector.AsVectorInt32(c) * wv;
                    acc[v + 3] += Vector.AsVectorInt32(d) * wv;
                }
                for (var i = vectorEnd; i < stride; i++) sums[i] += input[i] * w;
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
