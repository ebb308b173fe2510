using RedDino.MLNet.Classifiers;

namespace RedDino.MLNet.Evaluation.Analysis;

/// <summary>The k nearest other rows of every row of one embedding set: Euclidean distance in float64,
/// the row itself excluded, equal distances ordered by the smaller row index, k capped at n - 1. This is
/// the neighbourhood every batch-mixing metric (iLISI, graph connectivity, robustness index) is built on.</summary>
/// <remarks>
/// <see cref="NearestNeighborIndex"/> already ranks exactly (float32 GEMM candidates re-ranked in float64,
/// with a full float64 fallback at near ties) and orders ties by row index. Searching k + 1 of the set
/// itself and dropping the row's own entry gives its k nearest others in that order: a duplicate of row i
/// with a smaller index sorts before i and stays; when i falls beyond position k + 1 (more than k
/// duplicates before it) the first k entries are all others already.
/// </remarks>
public static class WithinSetNeighbors
{
    /// <summary>The min(<paramref name="k"/>, n - 1) nearest other rows of each row of <paramref name="embeddings"/>
    /// ([n, D] row-major), nearest first; an empty result (K = 0) when n &lt; 2.</summary>
    /// <exception cref="ArgumentException">The array is not a whole number of rows, or holds a non-finite value.</exception>
    public static NeighborSearchResult Find(float[] embeddings, int dimension, int k, NeighborSearchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (embeddings.Length % dimension != 0)
            throw new ArgumentException($"{embeddings.Length} values are not a whole number of rows of {dimension}", nameof(embeddings));
        var n = embeddings.Length / dimension;
        var kept = Math.Min(k, n - 1);
        if (kept < 1) return new NeighborSearchResult(n, 0, [], []);

        using var index = new NearestNeighborIndex(embeddings, dimension, KnnDistance.Euclidean, options);
        var withSelf = index.Search(embeddings, kept + 1); // [n, k + 1]
        var indices = new int[n * kept];
        var distances = new double[n * kept];
        for (var row = 0; row < n; row++)
        {
            var found = withSelf.IndicesOf(row);
            var foundDistances = withSelf.DistancesOf(row);
            for (int from = 0, to = 0; to < kept; from++)
            {
                if (found[from] == row) continue;
                indices[row * kept + to] = found[from];
                distances[row * kept + to] = foundDistances[from];
                to++;
            }
        }
        return new NeighborSearchResult(n, kept, indices, distances);
    }

    /// <summary>Checks that <paramref name="neighbors"/> holds at least the min(<paramref name="k"/>, n - 1)
    /// nearest others a metric needs, and returns that count.</summary>
    internal static int Usable(NeighborSearchResult neighbors, int k, string metric)
    {
        ArgumentNullException.ThrowIfNull(neighbors);
        var needed = Math.Min(k, Math.Max(neighbors.QueryCount - 1, 0));
        if (neighbors.K < needed)
            throw new ArgumentException($"{metric} needs the {needed} nearest neighbours of every row; the search holds {neighbors.K}", nameof(neighbors));
        return needed;
    }
}
