namespace RedDino.MLNet.Visualization;

/// <summary>UMAP's per-point calibration (umap-learn's smooth_knn_dist): rho, the distance to the nearest
/// neighbour at a non-zero distance (interpolated for a fractional local connectivity), and sigma, found by
/// binary search so that Σ_{j ≥ 1} exp(-max(0, d_j - rho) / sigma) = log2(k) · bandwidth over the k-NN row
/// without the point itself. A sigma below 1e-3 times the mean distance of the row (of all rows when rho is 0)
/// is raised to it, as umap-learn does.</summary>
internal static class SmoothKnnDistances
{
    private const double Tolerance = 1e-5;      // umap-learn's SMOOTH_K_TOLERANCE
    private const double MinScale = 1e-3;       // umap-learn's MIN_K_DIST_SCALE
    private const int Iterations = 64;

    /// <summary>Sigma and rho per point (float32, as umap-learn keeps them) for k-NN rows with the point itself
    /// first; <paramref name="k"/> is the neighbourhood size (umap-learn passes n_neighbors).</summary>
    public static (float[] Sigmas, float[] Rhos) Compute(NeighborList neighbors, double k, double localConnectivity = 1.0, double bandwidth = 1.0)
    {
        var target = Math.Log2(k) * bandwidth;
        var count = neighbors.Count;
        var sigmas = new float[count];
        var rhos = new float[count];
        var meanAll = Mean(neighbors.Distances);
        Parallel.For(0, count, i =>
        {
            var row = neighbors.DistancesOf(i);
            var rho = Rho(row, localConnectivity);
            rhos[i] = rho;
            var sigma = (float)Sigma(row, rho, target);
            var floor = MinScale * (rho > 0 ? Mean(row) : meanAll);
            sigmas[i] = sigma < floor ? (float)floor : sigma;
        });
        return (sigmas, rhos);
    }

    private static float Rho(ReadOnlySpan<float> row, double localConnectivity)
    {
        // Non-zero distances in order (the row is sorted ascending).
        var nonZero = new List<float>(row.Length);
        foreach (var d in row)
            if (d > 0) nonZero.Add(d);
        if (nonZero.Count >= localConnectivity)
        {
            var index = (int)Math.Floor(localConnectivity);
            var interpolation = localConnectivity - index;
            if (index > 0)
            {
                var rho = nonZero[index - 1];
                if (interpolation > Tolerance)
                    rho += (float)(interpolation * (nonZero[index] - nonZero[index - 1]));
                return rho;
            }
            return (float)(interpolation * nonZero[0]);
        }
        return nonZero.Count > 0 ? nonZero.Max() : 0f;
    }

    // Binary search on sigma: the sum falls as sigma shrinks. Starts at 1 and doubles until bracketed.
    private static double Sigma(ReadOnlySpan<float> row, float rho, double target)
    {
        double lo = 0, hi = double.PositiveInfinity, mid = 1;
        for (var n = 0; n < Iterations; n++)
        {
            double sum = 0;
            for (var j = 1; j < row.Length; j++)
            {
                double d = row[j] - rho; // float32 difference, as umap-learn's numba code
                sum += d > 0 ? Math.Exp(-(d / mid)) : 1.0;
            }
            if (Math.Abs(sum - target) < Tolerance) break;
            if (sum > target)
            {
                hi = mid;
                mid = (lo + hi) / 2;
            }
            else
            {
                lo = mid;
                mid = double.IsPositiveInfinity(hi) ? mid * 2 : (lo + hi) / 2;
            }
        }
        return mid;
    }

    private static double Mean(ReadOnlySpan<float> values)
    {
        double sum = 0;
        foreach (var v in values) sum += v;
        return values.Length == 0 ? 0 : sum / values.Length;
    }
}
