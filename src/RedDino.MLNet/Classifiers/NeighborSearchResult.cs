namespace RedDino.MLNet.Classifiers;

/// <summary>The k nearest references of each query, nearest first.</summary>
/// <param name="QueryCount">Number of queries Q.</param>
/// <param name="K">Neighbors per query.</param>
/// <param name="Indices">[Q, K] reference row indexes, row-major.</param>
/// <param name="Distances">[Q, K] distances in float64 (Euclidean: ||q - r||; cosine: 1 - cos).</param>
public sealed record NeighborSearchResult(int QueryCount, int K, int[] Indices, double[] Distances)
{
    /// <summary>Reference indexes of query <paramref name="query"/>'s neighbors, nearest first.</summary>
    public ReadOnlySpan<int> IndicesOf(int query) => Indices.AsSpan(query * K, K);

    /// <summary>Distances of query <paramref name="query"/>'s neighbors, ascending.</summary>
    public ReadOnlySpan<double> DistancesOf(int query) => Distances.AsSpan(query * K, K);
}
