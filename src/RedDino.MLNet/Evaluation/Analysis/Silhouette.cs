namespace RedDino.MLNet.Evaluation.Analysis;

/// <summary>Per-row silhouette coefficients, as scikit-learn's <c>silhouette_samples(X, labels,
/// metric="euclidean")</c>, in float64.</summary>
/// <remarks>
/// For row i of cluster l: a_i = mean distance to the other rows of l, b_i = the smallest mean distance to
/// the rows of another cluster, s_i = (b_i - a_i) / max(a_i, b_i); s_i = 0 when l has one row (and when
/// a_i = b_i = 0, scikit-learn's nan_to_num). Distances are Euclidean through
/// ||x||² + ||y||² - 2 x·y in float64, clamped at 0 (scikit-learn's <c>euclidean_distances</c>).
/// Unlike scikit-learn, one row per cluster is allowed (every s_i is then 0) instead of an error.
/// Cost: n² D / 2 multiply-adds (<see cref="ClusterDistanceSums"/>).
/// </remarks>
public static class Silhouette
{
    /// <summary>s_i of every row of <paramref name="points"/> ([n, D] row-major, float64).</summary>
    /// <param name="points">The rows.</param>
    /// <param name="dimension">D.</param>
    /// <param name="clusterOf">Cluster index (0..clusterCount-1) of every row.</param>
    /// <param name="clusterCount">Number of cluster indexes (clusters with no row are ignored).</param>
    public static double[] Samples(double[] points, int dimension, IReadOnlyList<int> clusterOf, int clusterCount)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(clusterOf);
        var n = clusterOf.Count;
        if (points.Length != (long)n * dimension) throw new ArgumentException($"{points.Length} values do not make {n} rows of {dimension}", nameof(points));
        var size = new int[clusterCount];
        foreach (var c in clusterOf) size[c]++;
        var distanceSums = ClusterDistanceSums.Compute(points, dimension, clusterOf, clusterCount); // [n, clusters]
        var silhouette = new double[n];
        for (var i = 0; i < n; i++)
            silhouette[i] = Coefficient(distanceSums.AsSpan(i * clusterCount, clusterCount), size, clusterOf[i]);
        return silhouette;
    }

    private static double Coefficient(ReadOnlySpan<double> distanceSums, int[] size, int own)
    {
        if (size[own] == 1) return 0;
        var intra = distanceSums[own] / (size[own] - 1);
        var inter = double.PositiveInfinity;
        for (var c = 0; c < size.Length; c++)
            if (c != own && size[c] > 0)
                inter = Math.Min(inter, distanceSums[c] / size[c]);
        var denominator = Math.Max(intra, inter);
        // One cluster only (inter = +inf) or a_i = b_i = 0: scikit-learn's nan_to_num gives 0.
        return double.IsPositiveInfinity(inter) || denominator == 0 ? 0 : (inter - intra) / denominator;
    }
}
