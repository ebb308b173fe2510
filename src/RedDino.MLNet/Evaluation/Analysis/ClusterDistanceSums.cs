using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace RedDino.MLNet.Evaluation.Analysis;

/// <summary>For every row i and cluster c, Σ over the other rows j of c of ||x_i - x_j||, in float64: the
/// reduction behind silhouettes (scikit-learn's <c>_silhouette_reduce</c>), n² D work, so it is tiled.</summary>
/// <remarks>
/// Distances use ||x_i||² + ||x_j||² - 2 x_i·x_j clamped at 0 (scikit-learn's <c>euclidean_distances</c>).
/// Each pair is computed once (row blocks I ≤ J) and credited to both rows. The dot products of a
/// 2 x 4 tile of rows share their loads (6 vector loads per 8 multiply-adds instead of 2 per 1), which
/// is what makes the Chula-sized classes (thousands of rows, D = 384) take seconds. Row blocks run in
/// parallel, each thread with its own sums, added up at the end.
/// </remarks>
internal static class ClusterDistanceSums
{
    private const int BlockRows = 32;

    /// <summary>[n, clusterCount] row-major sums (row i's own distance, 0, is never added).</summary>
    public static double[] Compute(double[] points, int dimension, IReadOnlyList<int> clusterOf, int clusterCount)
    {
        var n = clusterOf.Count;
        var norms = new double[n];
        for (var i = 0; i < n; i++)
        {
            var row = points.AsSpan(i * dimension, dimension);
            norms[i] = TensorPrimitives.Dot<double>(row, row);
        }
        var total = new double[n * clusterCount];
        var blocks = (n + BlockRows - 1) / BlockRows;
        var gate = new object();
        Parallel.For(0, blocks, () => (Sums: new double[n * clusterCount], Dots: new double[BlockRows * BlockRows]), (blockI, _, local) =>
        {
            var i0 = blockI * BlockRows;
            var iCount = Math.Min(BlockRows, n - i0);
            for (var blockJ = blockI; blockJ < blocks; blockJ++)
            {
                var j0 = blockJ * BlockRows;
                var jCount = Math.Min(BlockRows, n - j0);
                Dots(points, dimension, i0, iCount, j0, jCount, local.Dots);
                for (var a = 0; a < iCount; a++)
                    for (var b = blockJ == blockI ? a + 1 : 0; b < jCount; b++)
                    {
                        int i = i0 + a, j = j0 + b;
                        var distance = Math.Sqrt(Math.Max(norms[i] + norms[j] - 2 * local.Dots[a * BlockRows + b], 0));
                        local.Sums[i * clusterCount + clusterOf[j]] += distance;
                        local.Sums[j * clusterCount + clusterOf[i]] += distance;
                    }
            }
            return local;
        }, local =>
        {
            lock (gate) TensorPrimitives.Add(total, local.Sums, total);
        });
        return total;
    }

    // dots[a * BlockRows + b] = x_{i0+a} · x_{j0+b} for a < iCount, b < jCount.
    private static void Dots(double[] points, int dimension, int i0, int iCount, int j0, int jCount, double[] dots)
    {
        var a = 0;
        for (; a + 2 <= iCount; a += 2)
        {
            var b = 0;
            for (; b + 4 <= jCount; b += 4)
                Tile2x4(points, dimension, i0 + a, j0 + b, dots.AsSpan(a * BlockRows + b), dots.AsSpan((a + 1) * BlockRows + b));
            for (; b < jCount; b++)
            {
                dots[a * BlockRows + b] = Dot(points, dimension, i0 + a, j0 + b);
                dots[(a + 1) * BlockRows + b] = Dot(points, dimension, i0 + a + 1, j0 + b);
            }
        }
        for (; a < iCount; a++)
            for (var b = 0; b < jCount; b++)
                dots[a * BlockRows + b] = Dot(points, dimension, i0 + a, j0 + b);
    }

    private static double Dot(double[] points, int dimension, int i, int j) =>
        TensorPrimitives.Dot<double>(points.AsSpan(i * dimension, dimension), points.AsSpan(j * dimension, dimension));

    // Rows i, i+1 against rows j..j+3: eight dot products from one pass over the features.
    private static void Tile2x4(double[] points, int dimension, int i, int j, Span<double> first, Span<double> second)
    {
        ref var x = ref MemoryMarshal.GetArrayDataReference(points);
        nuint a0 = (nuint)(i * dimension), a1 = a0 + (nuint)dimension, b0 = (nuint)(j * dimension);
        nuint b1 = b0 + (nuint)dimension, b2 = b1 + (nuint)dimension, b3 = b2 + (nuint)dimension;
        Vector<double> s00 = default, s01 = default, s02 = default, s03 = default;
        Vector<double> s10 = default, s11 = default, s12 = default, s13 = default;
        var width = Vector<double>.Count;
        nuint k = 0;
        for (; (int)k + width <= dimension; k += (nuint)width)
        {
            var x0 = Vector.LoadUnsafe(ref x, a0 + k);
            var x1 = Vector.LoadUnsafe(ref x, a1 + k);
            var y = Vector.LoadUnsafe(ref x, b0 + k);
            s00 = Vector.FusedMultiplyAdd(x0, y, s00);
            s10 = Vector.FusedMultiplyAdd(x1, y, s10);
            y = Vector.LoadUnsafe(ref x, b1 + k);
            s01 = Vector.FusedMultiplyAdd(x0, y, s01);
            s11 = Vector.FusedMultiplyAdd(x1, y, s11);
            y = Vector.LoadUnsafe(ref x, b2 + k);
            s02 = Vector.FusedMultiplyAdd(x0, y, s02);
            s12 = Vector.FusedMultiplyAdd(x1, y, s12);
            y = Vector.LoadUnsafe(ref x, b3 + k);
            s03 = Vector.FusedMultiplyAdd(x0, y, s03);
            s13 = Vector.FusedMultiplyAdd(x1, y, s13);
        }
        first[0] = Vector.Sum(s00); first[1] = Vector.Sum(s01); first[2] = Vector.Sum(s02); first[3] = Vector.Sum(s03);
        second[0] = Vector.Sum(s10); second[1] = Vector.Sum(s11); second[2] = Vector.Sum(s12); second[3] = Vector.Sum(s13);
        for (; (int)k < dimension; k++) // the features after the last whole vector
        {
            var x0 = points[a0 + k];
            var x1 = points[a1 + k];
            for (var t = 0; t < 4; t++)
            {
                var y = points[b0 + (nuint)(t * dimension) + k];
                first[t] += x0 * y;
                second[t] += x1 * y;
            }
        }
    }
}
