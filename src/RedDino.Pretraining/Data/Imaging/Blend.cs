using System.Numerics;

namespace RedDino.Pretraining.Data.Imaging;

/// <summary>cv2.addWeighted for 8-bit images: a alpha + b beta + gamma per value, in float,
/// rounded half to even and saturated. SIMD-wide in chunks (the sun flare blends the whole image
/// forty times).</summary>
internal static class Blend
{
    private const int Chunk = 4096;

    public static Raster Weighted(Raster a, double alpha, Raster b, double beta, double gamma = 0)
    {
        if (a.Width != b.Width || a.Height != b.Height || a.Channels != b.Channels)
            throw new ArgumentException("addWeighted needs images of one shape");
        var dst = a.Blank();
        float fa = (float)alpha, fb = (float)beta, fg = (float)gamma;
        var x = new float[Chunk];
        var y = new float[Chunk];
        for (var start = 0; start < a.Data.Length; start += Chunk)
        {
            var n = Math.Min(Chunk, a.Data.Length - start);
            Span<float> xs = x.AsSpan(0, n), ys = y.AsSpan(0, n);
            VectorMath.Widen(a.Data.AsSpan(start, n), xs);
            VectorMath.Widen(b.Data.AsSpan(start, n), ys);
            var i = 0;
            if (Vector.IsHardwareAccelerated)
            {
                Vector<float> va = new(fa), vb = new(fb), vg = new(fg);
                for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
                    (new Vector<float>(xs[i..]) * va + new Vector<float>(ys[i..]) * vb + vg).CopyTo(xs[i..]);
            }
            for (; i < n; i++)
                xs[i] = xs[i] * fa + ys[i] * fb + fg;
            VectorMath.Narrow(xs, dst.Data.AsSpan(start, n));
        }
        return dst;
    }
}
