using System.Numerics;

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
    /// by BORDER_REFLECT_101: [H + top + bottom, (W + left + right) C]. Filters then read every tap from
    /// one buffer without index checks.</summary>
    public static float[] PadReflect101<T>(T[] data, int width, int height, int channels, int left, int right, int top, int bottom)
        where T : INumberBase<T>
    {
        int pw = width + left + right, ph = height + top + bottom;
        var padded = new float[pw * ph * channels];
        var columns = new int[pw];
        for (var x = 0; x < pw; x++)
            columns[x] = Reflect101(x - left, width);
        for (var y = 0; y < ph; y++)
        {
            var srcRow = Reflect101(y - top, height) * width * channels;
            var dstRow = y * pw * channels;
            for (var x = 0; x < pw; x++)
            {
                var s = srcRow + columns[x] * channels;
                for (var k = 0; k < channels; k++)
                    padded[dstRow + x * channels + k] = float.CreateTruncating(data[s + k]);
            }
        }
        return padded;
    }
}
