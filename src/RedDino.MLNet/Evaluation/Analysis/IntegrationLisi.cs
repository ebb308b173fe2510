using RedDino.MLNet.Classifiers;

namespace RedDino.MLNet.Evaluation.Analysis;

/// <summary>iLISI, the integration local inverse Simpson's index (Harmony; scib-metrics' scaled form):
/// how many batches a row's neighbourhood effectively holds, scaled to [0, 1].</summary>
/// <remarks>
/// k = min(90, n - 1) nearest neighbours, perplexity P = k / 3. For each row, <see cref="LisiBetaSearch"/>
/// gives weights w_j = p_j / S over its neighbours; simpson_i = Σ_b (Σ_{j in batch b} w_j)² and
/// lisi_i = 1 / simpson_i (rows whose weights all underflow, S = 0, are left out). The value is
/// (median_i lisi_i - 1) / (B - 1): 0 = every neighbourhood is one batch, 1 = perfectly mixed.
/// Null when B &lt; 2, n &lt; 2 or no row has a defined LISI.
/// </remarks>
public static class IntegrationLisi
{
    /// <summary>iLISI of rows whose neighbours are <paramref name="neighbors"/> (from
    /// <see cref="WithinSetNeighbors.Find"/> with at least min(<paramref name="k"/>, n - 1) neighbours).</summary>
    /// <param name="neighbors">The nearest other rows of every row.</param>
    /// <param name="batchOf">Batch index (0..batchCount-1) of every row.</param>
    /// <param name="batchCount">Number of batches B.</param>
    /// <param name="k">Neighbourhood size before capping at n - 1.</param>
    public static double? Compute(NeighborSearchResult neighbors, IReadOnlyList<int> batchOf, int batchCount, int k = AnalysisDefaults.IlisiNeighbors)
    {
        ArgumentNullException.ThrowIfNull(batchOf);
        var n = neighbors.QueryCount;
        if (batchOf.Count != n) throw new ArgumentException($"{batchOf.Count} batch labels for {n} rows", nameof(batchOf));
        var used = WithinSetNeighbors.Usable(neighbors, k, "iLISI");
        if (batchCount < 2 || n < 2) return null;
        var logPerplexity = Math.Log(used / 3.0);
        var lisi = new double[n];
        Parallel.For(0, n, () => (Weights: new double[used], PerBatch: new double[batchCount]), (row, _, buffers) =>
        {
            lisi[row] = double.NaN;
            if (!LisiBetaSearch.Weights(neighbors.DistancesOf(row)[..used], logPerplexity, buffers.Weights)) return buffers;
            Array.Clear(buffers.PerBatch);
            var found = neighbors.IndicesOf(row);
            for (var j = 0; j < used; j++) buffers.PerBatch[batchOf[found[j]]] += buffers.Weights[j];
            double simpson = 0;
            foreach (var share in buffers.PerBatch) simpson += share * share;
            lisi[row] = 1 / simpson;
            return buffers;
        }, _ => { });
        var defined = lisi.Where(v => !double.IsNaN(v)).ToArray();
        return defined.Length == 0 ? null : (Percentile.Median(defined) - 1) / (batchCount - 1);
    }
}
