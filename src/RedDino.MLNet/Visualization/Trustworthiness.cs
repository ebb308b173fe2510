namespace RedDino.MLNet.Visualization;

/// <summary>How well a low-dimensional map keeps neighbourhoods (Venna and Kaski 2001), scikit-learn's
/// <c>sklearn.manifold.trustworthiness</c> with Euclidean distances:
/// T(k) = 1 - 2 / (n k (2n - 3k - 1)) · Σ_i Σ_{j in N_k^map(i)} max(0, r(i, j) - k), where N_k^map(i) are the k
/// nearest neighbours of i in the map and r(i, j) is the rank of j among i's neighbours in the input space
/// (1 = nearest; the point itself excluded; equal distances ranked by index). 1 means every map neighbour is
/// also an input neighbour. Exact: O(n² (D + d)) time, O(n) memory per thread.</summary>
public static class Trustworthiness
{
    /// <summary>T(k) of the map <paramref name="map"/> ([n, mapDimension]) of <paramref name="data"/> ([n, dimension]).</summary>
    /// <exception cref="ArgumentException">Different row counts, or k not below n / 2 (scikit-learn's condition).</exception>
    public static double Compute(ReadOnlySpan<float> data, int dimension, ReadOnlySpan<float> map, int mapDimension, int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(mapDimension, 1);
        if (data.Length % dimension != 0 || map.Length % mapDimension != 0 || data.Length / dimension != map.Length / mapDimension)
            throw new ArgumentException($"data ({data.Length} values of dimension {dimension}) and map ({map.Length} values of dimension {mapDimension}) do not hold the same number of rows");
        var n = data.Length / dimension;
        if (k < 1 || k >= n / 2.0)
            throw new ArgumentOutOfRangeException(nameof(k), k, $"must be in 1..{Math.Ceiling(n / 2.0) - 1} (below n / 2 = {n / 2.0})");
        var high = data.ToArray();
        var low = map.ToArray();
        var penalties = new long[n];
        Parallel.For(0, n, () => (new double[n], new double[n]), (i, _, buffers) =>
        {
            var (highDistances, lowDistances) = buffers;
            SquaredDistances(high, dimension, i, highDistances);
            SquaredDistances(low, mapDimension, i, lowDistances);
            long penalty = 0;
            foreach (var j in Nearest(lowDistances, i, k))
            {
                // Rank of j in the input space: 1 + the points (not i) closer than j, or as close with a lower index.
                var rank = 1;
                var dj = highDistances[j];
                for (var m = 0; m < n; m++)
                    if (m != i && (highDistances[m] < dj || (highDistances[m] == dj && m < j))) rank++;
                penalty += Math.Max(0, rank - k);
            }
            penalties[i] = penalty;
            return buffers;
        }, _ => { });
        double total = penalties.Sum();
        return 1.0 - total * (2.0 / (n * (double)k * (2.0 * n - 3.0 * k - 1.0)));
    }

    private static void SquaredDistances(float[] rows, int dimension, int i, double[] output)
    {
        var n = rows.Length / dimension;
        var row = rows.AsSpan(i * dimension, dimension);
        for (var m = 0; m < n; m++)
        {
            var other = rows.AsSpan(m * dimension, dimension);
            double sum = 0;
            for (var d = 0; d < dimension; d++)
            {
                var diff = (double)row[d] - other[d];
                sum += diff * diff;
            }
            output[m] = sum;
        }
    }

    // The k nearest points to i (not i itself), ties to the lower index.
    private static int[] Nearest(double[] distances, int i, int k)
    {
        var order = Enumerable.Range(0, distances.Length).Where(m => m != i).ToArray();
        var keys = order.Select(m => distances[m]).ToArray();
        Array.Sort(keys, order); // introspective sort; ties are broken below
        var result = order.Take(k).ToArray();
        // Points tied with the k-th distance: keep the lowest indexes among them.
        var kth = distances[result[^1]];
        var tied = order.Where(m => distances[m] == kth).OrderBy(m => m);
        var below = result.Where(m => distances[m] < kth);
        return below.Concat(tied).Take(k).ToArray();
    }
}
