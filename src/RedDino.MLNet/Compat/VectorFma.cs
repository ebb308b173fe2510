using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace RedDino.MLNet.Compat;

/// <summary><c>Vector.FusedMultiplyAdd</c> (.NET 9 and later) for every target of the package: a * b + c
/// rounded once per element, so that sums come out bit for bit the same on .NET 8 and .NET 10.</summary>
internal static class VectorFma
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> MultiplyAdd(Vector<double> a, Vector<double> b, Vector<double> c) =>
#if NET9_0_OR_GREATER
        Vector.FusedMultiplyAdd(a, b, c);
#else
        WithIntrinsics(a, b, c);
#endif

    /// <summary>The .NET 8 path (compiled on every target so that tests on .NET 10 check it against the
    /// runtime's own): the hardware instruction for the vector width at hand, else per element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector<double> WithIntrinsics(Vector<double> a, Vector<double> b, Vector<double> c)
    {
        if (Vector<double>.Count == 4 && Fma.IsSupported)
            return Fma.MultiplyAdd(a.AsVector256(), b.AsVector256(), c.AsVector256()).AsVector();
        if (Vector<double>.Count == 2 && AdvSimd.Arm64.IsSupported)
            return AdvSimd.Arm64.FusedMultiplyAdd(c.AsVector128(), a.AsVector128(), b.AsVector128()).AsVector();
        return PerElement(a, b, c);
    }

    internal static Vector<double> PerElement(Vector<double> a, Vector<double> b, Vector<double> c)
    {
        Span<double> sum = stackalloc double[Vector<double>.Count];
        for (var i = 0; i < sum.Length; i++) sum[i] = Math.FusedMultiplyAdd(a[i], b[i], c[i]);
        return new Vector<double>(sum);
    }
}
