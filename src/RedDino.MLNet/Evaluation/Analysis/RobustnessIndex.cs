using RedDino.MLNet.Classifiers;

namespace RedDino.MLNet.Evaluation.Analysis;

/// <summary>Robustness index (PathoROB, pooled form): among neighbours that share exactly one of class
/// and batch with a row, the fraction that share the class.</summary>
/// <remarks>
/// Over every row i and each of its k = 20 nearest neighbours j (capped at n - 1), SO counts pairs of the
/// same class from another batch and OS pairs of another class from the same batch; the value is
/// SO / (SO + OS). Above 0.5 the biology dominates the neighbourhoods, below it the batch. Null when
/// B &lt; 2, n &lt; 2 or SO + OS = 0.
/// </remarks>
public static class RobustnessIndex
{
    /// <summary>The robustness index of rows whose neighbours are <paramref name="neighbors"/>.</summary>
    /// <param name="neighbors">The nearest other rows of every row (at least min(k, n - 1) each).</param>
    /// <param name="classOf">Class index of every row.</param>
    /// <param name="batchOf">Batch index of every row.</param>
    /// <param name="batchCount">Number of batches B.</param>
    /// <param name="k">Neighbours counted per row, before capping at n - 1.</param>
    public static double? Compute(NeighborSearchResult neighbors, IReadOnlyList<int> classOf, IReadOnlyList<int> batchOf, int batchCount,
        int k = AnalysisDefaults.RobustnessNeighbors)
    {
        ArgumentNullException.ThrowIfNull(classOf);
        ArgumentNullException.ThrowIfNull(batchOf);
        var n = neighbors.QueryCount;
        if (classOf.Count != n || batchOf.Count != n)
            throw new ArgumentException($"{classOf.Count} class and {batchOf.Count} batch labels for {n} rows");
        var used = WithinSetNeighbors.Usable(neighbors, k, "robustness index");
        if (batchCount < 2 || n < 2) return null;
        long sameClassOtherBatch = 0, otherClassSameBatch = 0;
        for (var row = 0; row < n; row++)
            foreach (var other in neighbors.IndicesOf(row)[..used])
            {
                var sameClass = classOf[other] == classOf[row];
                var sameBatch = batchOf[other] == batchOf[row];
                if (sameClass && !sameBatch) sameClassOtherBatch++;
                else if (!sameClass && sameBatch) otherClassSameBatch++;
            }
        var total = sameClassOtherBatch + otherClassSameBatch;
        return total == 0 ? null : (double)sameClassOtherBatch / total;
    }
}
