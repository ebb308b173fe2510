using RedDino.MLNet.Classifiers;

namespace RedDino.MLNet.Visualization;

/// <summary>The k-NN lists UMAP starts from, laid out as umap-learn's: row i is [i, its k - 1 nearest other
/// points], nearest first, with float32 distances (umap-learn casts them to float32) and the point itself at
/// distance 0 in column 0.</summary>
/// <param name="Count">Points N.</param>
/// <param name="K">Entries per row (the point itself included).</param>
/// <param name="Indices">[N, K] row-major point indexes.</param>
/// <param name="Distances">[N, K] row-major distances.</param>
internal sealed record NeighborList(int Count, int K, int[] Indices, float[] Distances)
{
    /// <summary>Exact k-NN of every row of <paramref name="values"/> ([N, D] row-major) among the others, from
    /// <see cref="NearestNeighborIndex"/> (float64-exact ranking, ties to the lower index).</summary>
    public static NeighborList Build(float[] values, int dimension, int k, KnnDistance distance, NeighborSearchOptions? search)
    {
        var count = values.Length / dimension;
        k = Math.Min(k, count);
        var indices = new int[count * k];
        var distances = new float[count * k];
        using var index = new NearestNeighborIndex(values, dimension, distance, search);
        // Searching k (not k - 1) leaves room for the point itself, which is usually but not always first
        // (an exact duplicate with a lower index ties with it).
        var found = index.Search(values, k);
        for (var i = 0; i < count; i++)
        {
            var row = i * k;
            indices[row] = i;
            distances[row] = 0f;
            var filled = 1;
            var neighbors = found.IndicesOf(i);
            var neighborDistances = found.DistancesOf(i);
            for (var j = 0; j < neighbors.Length && filled < k; j++)
            {
                if (neighbors[j] == i) continue;
                indices[row + filled] = neighbors[j];
                distances[row + filled] = (float)neighborDistances[j];
                filled++;
            }
        }
        return new NeighborList(count, k, indices, distances);
    }

    public ReadOnlySpan<int> IndicesOf(int point) => Indices.AsSpan(point * K, K);

    public ReadOnlySpan<float> DistancesOf(int point) => Distances.AsSpan(point * K, K);
}
