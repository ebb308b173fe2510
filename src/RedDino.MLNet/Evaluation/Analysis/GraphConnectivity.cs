using RedDino.MLNet.Classifiers;

namespace RedDino.MLNet.Evaluation.Analysis;

/// <summary>Graph connectivity (scib): whether each class stays one connected piece of the k-NN graph
/// despite batches.</summary>
/// <remarks>
/// The undirected k-NN graph (k = 15, capped at n - 1) has an edge i-j when j is among the k nearest
/// neighbours of i or i among those of j. For each class c, the subgraph induced by its n_c rows has a
/// largest connected component of m_c rows; the value is the mean over classes of m_c / n_c. 1 = every
/// class is connected. Null when n &lt; 2.
/// </remarks>
public static class GraphConnectivity
{
    /// <summary>Graph connectivity of rows whose neighbours are <paramref name="neighbors"/>.</summary>
    /// <param name="neighbors">The nearest other rows of every row (at least min(k, n - 1) each).</param>
    /// <param name="classOf">Class index of every row (any non-negative codes).</param>
    /// <param name="k">Neighbours per row in the graph, before capping at n - 1.</param>
    public static double? Compute(NeighborSearchResult neighbors, IReadOnlyList<int> classOf, int k = AnalysisDefaults.GraphConnectivityNeighbors)
    {
        ArgumentNullException.ThrowIfNull(classOf);
        var n = neighbors.QueryCount;
        if (classOf.Count != n) throw new ArgumentException($"{classOf.Count} class labels for {n} rows", nameof(classOf));
        var used = WithinSetNeighbors.Usable(neighbors, k, "graph connectivity");
        if (n < 2) return null;

        // Union-find over the edges inside a class: components of every class's induced subgraph at once.
        var parent = Enumerable.Range(0, n).ToArray();
        for (var row = 0; row < n; row++)
            foreach (var other in neighbors.IndicesOf(row)[..used])
                if (classOf[other] == classOf[row])
                    Union(parent, row, other);

        var componentSize = new Dictionary<int, int>();
        var classSize = new Dictionary<int, int>();
        for (var row = 0; row < n; row++)
        {
            var root = Find(parent, row);
            componentSize[root] = componentSize.GetValueOrDefault(root) + 1;
            classSize[classOf[row]] = classSize.GetValueOrDefault(classOf[row]) + 1;
        }
        var largest = new Dictionary<int, int>();
        foreach (var (root, size) in componentSize)
        {
            var c = classOf[root];
            largest[c] = Math.Max(largest.GetValueOrDefault(c), size);
        }
        return classSize.Average(pair => (double)largest[pair.Key] / pair.Value);
    }

    private static int Find(int[] parent, int row)
    {
        while (parent[row] != row)
        {
            parent[row] = parent[parent[row]]; // path halving
            row = parent[row];
        }
        return row;
    }

    private static void Union(int[] parent, int a, int b)
    {
        var rootA = Find(parent, a);
        var rootB = Find(parent, b);
        if (rootA != rootB) parent[Math.Max(rootA, rootB)] = Math.Min(rootA, rootB);
    }
}
