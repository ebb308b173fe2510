namespace RedDino.MLNet.Visualization;

/// <summary>UMAP's fuzzy simplicial set (umap-learn's fuzzy_simplicial_set): the directed membership
/// strengths p(i→j) = exp(-max(0, d_ij - rho_i) / sigma_i) over each point's k-NN (1 at or below rho, 0 for
/// the point itself), then the symmetric combination
/// w = mix · (P + Pᵀ - P∘Pᵀ) + (1 - mix) · P∘Pᵀ (mix 1: the fuzzy union).</summary>
internal static class FuzzySimplicialSet
{
    /// <summary>The symmetric graph W, zero entries removed.</summary>
    public static SparseGraph Build(NeighborList neighbors, float[] sigmas, float[] rhos, double setOpMixRatio)
    {
        var (rows, columns, strengths) = Memberships(neighbors, sigmas, rhos);
        // Each stored entry of P and of Pᵀ, merged per (i, j): a = P[i, j], b = P[j, i] = Pᵀ[i, j].
        var entries = new Dictionary<long, (double A, double B)>(rows.Length * 2);
        var n = neighbors.Count;
        for (var e = 0; e < rows.Length; e++)
        {
            if (strengths[e] == 0) continue; // umap-learn's eliminate_zeros
            var forward = (long)rows[e] * n + columns[e];
            var backward = (long)columns[e] * n + rows[e];
            entries[forward] = entries.TryGetValue(forward, out var f) ? (f.A + strengths[e], f.B) : (strengths[e], 0);
            entries[backward] = entries.TryGetValue(backward, out var b) ? (b.A, b.B + strengths[e]) : (0, strengths[e]);
        }
        var heads = new int[entries.Count];
        var tails = new int[entries.Count];
        var weights = new double[entries.Count];
        var k = 0;
        foreach (var (key, (a, bValue)) in entries)
        {
            heads[k] = (int)(key / n);
            tails[k] = (int)(key % n);
            var product = a * bValue;
            weights[k] = setOpMixRatio * (a + bValue - product) + (1 - setOpMixRatio) * product;
            k++;
        }
        return SparseGraph.FromTriples(n, heads, tails, weights);
    }

    /// <summary>umap-learn's compute_membership_strengths: one (i, j, p) per k-NN entry, row-major; the
    /// strength is float32 there, kept here in float64 from the float32 sigma and rho.</summary>
    internal static (int[] Rows, int[] Columns, double[] Strengths) Memberships(NeighborList neighbors, float[] sigmas, float[] rhos)
    {
        var total = neighbors.Count * neighbors.K;
        var rows = new int[total];
        var columns = new int[total];
        var strengths = new double[total];
        for (var i = 0; i < neighbors.Count; i++)
        {
            var indices = neighbors.IndicesOf(i);
            var distances = neighbors.DistancesOf(i);
            for (var j = 0; j < neighbors.K; j++)
            {
                var e = i * neighbors.K + j;
                rows[e] = i;
                columns[e] = indices[j];
                double excess = distances[j] - rhos[i]; // float32 difference, as umap-learn
                strengths[e] = indices[j] == i ? 0.0
                    : excess <= 0 || sigmas[i] == 0 ? 1.0
                    : Math.Exp(-(excess / sigmas[i]));
            }
        }
        return (rows, columns, strengths);
    }
}
