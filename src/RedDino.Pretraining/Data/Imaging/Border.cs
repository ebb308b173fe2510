using System.Numerics;
using System.Runtime.InteropServices;

namespace RedDino.Pretraining.Data.Imaging;

/// <summary>Where a filter reads past the image edge. OpenCV's filters default to
/// BORDER_REFLECT_101 (gfedcb|abcdefgh|gfedcba: the edge pixel is not repeated); medianBlur and
/// resize repeat the edge pixel (BORDER_REPLICATE).</summary>
internal static class Border
{
    /// <summary>The index that position <paramref name="p"/> reads in a row of <paramref name="length"/>
    /// under BORDER_REFLECT_101 (reflected as often as needed when the kernel is wider than the image).</summary>
    public static int Reflect101(int p, int length)
    {
        if (length == 1) return 0;
        while ((uint)p >= (uint)length)
            p = p < 0 ? -p : 2 * length - 2 - p;
        return p;
    }

    /// <summary>BORDER_REPLICATE: the nearest edge index.</summary>
    public static int Replicate(int p, int length) => Math.Clamp(p, 0, length - 1);

    /// <summary>A float copy of an interleaved [H, W, C] image with <paramref name="left"/> /
    /// <paramref name="right"/> columns and <paramref name="top"/> / <paramref name="bottom"/> rows added
    /// by BORDER_REFLECT_101: [H + top + bottom, (W + left + right) C], in a pooled buffer the caller
    /// disposes. Filters then read every tap from one buffer without index checks.</summary>
    public static Scratch<float> PadReflect101<T>(T[] data, int width, int height, int channels, int left, int right, int top, int bottom)
        where T : unmanaged, INumberBase<T>
    {
        int pw = width + left + right, ph = height + top + bottom, rowLength = width * channels, paddedStride = pw * channels;
        var padded = new Scratch<float>(paddedStride * ph);
        // Each source row once as floats into the padded interior, then its reflected columns.
        using var rowBuffer = new Scratch<float>(rowLength);
        var row = rowBuffer.Span;
        for (var y = 0; y < ph; y++)
        {
            var srcRow = data.AsSpan(Reflect101(y - top, height) * rowLength, rowLength);
            if (typeof(T) == typeof(byte))
                VectorMath.Widen(MemoryMarshal.Cast<T, byte>(srcRow), row);
            else if (typeof(T) == typeof(float))
                MemoryMarshal.Cast<T, float>(srcRow).CopyTo(row);
            else
                for (var i = 0; i < rowLength; i++) row[i] = float.CreateTruncating(srcRow[i]);
            var dst = padded.Span.Slice(y * paddedStride, paddedStride);
            row.CopyTo(dst[(left * channels)..]);
            for (var x = 0; x < pw; x++)
            {
                if (x == left) x = left + width; // the interior is done
                if (x >= pw) break;
                row.Slice(Reflect101(x - left, width) * channels, channels).CopyTo(dst[(x * channels)..]);
            }
        }
        return padded;
    }
}
