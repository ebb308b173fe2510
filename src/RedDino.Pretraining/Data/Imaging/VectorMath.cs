using System.Numerics;
using System.Runtime.InteropServices;

namespace RedDino.Pretraining.Data.Imaging;

/// <summary>The inner loop of every linear filter: acc += w * src over a whole row, SIMD-wide
/// (the filters spend nearly all their time here).</summary>
internal static class VectorMath
{
    public static void AddScaled(Span<float> acc, ReadOnlySpan<float> src, float w)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated && acc.Length >= Vector<float>.Count)
        {
            var accV = MemoryMarshal.Cast<float, Vector<float>>(acc);
            var weight = new Vector<float>(w);
            for (var v = 0; v < accV.Length; v++)
                accV[v] += new Vector<float>(src.Slice(v * Vector<float>.Count, Vector<float>.Count)) * weight;
            i = accV.Length * Vector<float>.Count;
        }
        for (; i < acc.Length; i++)
            acc[i] += src[i] * w;
    }

    /// <summary>Saturated bytes of a row of sums, rounded half up (OpenCV's fixed-point Gaussian).</summary>
    public static void ToBytesHalfUp(ReadOnlySpan<float> values, Span<byte> destination)
    {
        for (var i = 0; i < values.Length; i++)
            destination[i] = (byte)Math.Clamp(MathF.Floor(values[i] + 0.5f), 0f, 255f);
    }

    /// <summary>Saturated bytes of a row of sums, rounded half to even (cv::saturate_cast).</summary>
    public static void ToBytes(ReadOnlySpan<float> values, Span<byte> destination)
    {
        for (var i = 0; i < values.Length; i++)
            destination[i] = Saturate.ToByte(values[i]);
    }
}
