using System.Numerics;
using System.Runtime.InteropServices;

namespace RedDino.Pretraining.Data.Imaging;

/// <summary>The SIMD-wide inner loops of the image operations (acc += w * row; bytes to floats and
/// back with OpenCV's rounding), which is where the filters and blends spend their time. Each
/// computes exactly what its scalar tail computes.</summary>
internal static class VectorMath
{
    public static void AddScaled(Span<float> acc, ReadOnlySpan<float> src, float w)
    {
        if (src.Length < acc.Length)
            throw new ArgumentException("source row shorter than the accumulator");
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ref var a = ref MemoryMarshal.GetReference(acc);
            ref var s = ref MemoryMarshal.GetReference(src);
            var weight = new Vector<float>(w);
            for (; i <= acc.Length - Vector<float>.Count; i += Vector<float>.Count)
                (Vector.LoadUnsafe(ref a, (nuint)i) + Vector.LoadUnsafe(ref s, (nuint)i) * weight).StoreUnsafe(ref a, (nuint)i);
        }
        for (; i < acc.Length; i++)
            acc[i] += src[i] * w;
    }

    /// <summary>dst[i] = src[i] as float.</summary>
    public static void Widen(ReadOnlySpan<byte> src, Span<float> dst)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            int n = Vector<byte>.Count, q = Vector<int>.Count;
            for (; i <= src.Length - n; i += n)
            {
                Vector.Widen(new Vector<byte>(src.Slice(i, n)), out var lo, out var hi);
                Vector.Widen(lo, out var a0, out var a1);
                Vector.Widen(hi, out var a2, out var a3);
                Vector.ConvertToSingle(Vector.AsVectorInt32(a0)).CopyTo(dst.Slice(i));
                Vector.ConvertToSingle(Vector.AsVectorInt32(a1)).CopyTo(dst.Slice(i + q));
                Vector.ConvertToSingle(Vector.AsVectorInt32(a2)).CopyTo(dst.Slice(i + 2 * q));
                Vector.ConvertToSingle(Vector.AsVectorInt32(a3)).CopyTo(dst.Slice(i + 3 * q));
            }
        }
        for (; i < src.Length; i++)
            dst[i] = src[i];
    }

    /// <summary>Saturated bytes of float values, rounded half to even (cv::saturate_cast) or, with
    /// <paramref name="halfUp"/>, half up (OpenCV's fixed-point Gaussian).</summary>
    public static void Narrow(ReadOnlySpan<float> src, Span<byte> dst, bool halfUp = false)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            int n = Vector<byte>.Count, q = Vector<int>.Count;
            for (; i <= src.Length - n; i += n)
            {
                var a0 = ToInt(new Vector<float>(src.Slice(i, q)), halfUp);
                var a1 = ToInt(new Vector<float>(src.Slice(i + q, q)), halfUp);
                var a2 = ToInt(new Vector<float>(src.Slice(i + 2 * q, q)), halfUp);
                var a3 = ToInt(new Vector<float>(src.Slice(i + 3 * q, q)), halfUp);
                Vector.Narrow(Vector.Narrow(a0, a1), Vector.Narrow(a2, a3)).CopyTo(dst.Slice(i));
            }
        }
        for (; i < src.Length; i++)
            dst[i] = halfUp ? (byte)Math.Clamp(MathF.Floor(src[i] + 0.5f), 0f, 255f) : Saturate.ToByte(src[i]);
    }

    private static Vector<uint> ToInt(Vector<float> v, bool halfUp)
    {
        var rounded = halfUp ? Vector.Floor(v + new Vector<float>(0.5f)) : Vector.Round(v);
        var clamped = Vector.Min(Vector.Max(rounded, Vector<float>.Zero), new Vector<float>(255f));
        return Vector.AsVectorUInt32(Vector.ConvertToInt32(clamped));
    }
}
