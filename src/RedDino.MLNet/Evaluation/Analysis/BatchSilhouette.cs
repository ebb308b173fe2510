namespace RedDino.MLNet.Evaluation.Analysis;

/// <summary>Batch ASW (scib): how well the batches mix within each class, from silhouettes of the batch
/// labels computed class by class.</summary>
/// <remarks>
/// For each class c whose rows span at least 2 batches and number at least 3: s_i = silhouette of row i
/// among the rows of c with the batches as clusters (<see cref="Silhouette.Samples"/>), and
/// asw_c = mean_i (1 - |s_i|). The value is the mean of asw_c over those classes: 1 = batches fully
/// mixed, lower = rows sit with their own batch. Null when B &lt; 2 or no class qualifies.
/// </remarks>
public static class BatchSilhouette
{
    /// <summary>Batch ASW of <paramref name="embeddings"/> ([n, D] row-major).</summary>
    /// <param name="embeddings">The rows.</param>
    /// <param name="dimension">D.</param>
    /// <param name="classOf">Class index of every row (0..classCount-1).</param>
    /// <param name="batchOf">Batch index of every row (0..batchCount-1).</param>
    /// <param name="batchCount">Number of batches B.</param>
    public static double? Compute(float[] embeddings, int dimension, IReadOnlyList<int> classOf, IReadOnlyList<int> batchOf, int batchCount)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(classOf);
        ArgumentNullException.ThrowIfNull(batchOf);
        var n = classOf.Count;
        if (batchOf.Count != n || embeddings.Length != (long)n * dimension)
            throw new ArgumentException($"{embeddings.Length} values, {n} class and {batchOf.Count} batch labels do not describe the same rows of {dimension}");
        if (batchCount < 2) return null;

        var perClass = new List<double>();
        foreach (var rows in Enumerable.Range(0, n).GroupBy(row => classOf[row]).OrderBy(g => g.Key).Select(g => g.ToArray()))
        {
            var batches = rows.Select(row => batchOf[row]).ToArray();
            if (rows.Length < 3 || batches.Distinct().Count() < 2) continue;
            var silhouette = Silhouette.Samples(ToFloat64(embeddings, dimension, rows), dimension, batches, batchCount);
            perClass.Add(silhouette.Average(s => 1 - Math.Abs(s)));
        }
        return perClass.Count == 0 ? null : perClass.Average();
    }

    // [rows, D] float32 -> float64 copy of the selected rows.
    private static double[] ToFloat64(float[] embeddings, int dimension, int[] rows)
    {
        var points = new double[rows.Length * dimension];
        for (var r = 0; r < rows.Length; r++)
            for (var j = 0; j < dimension; j++)
                points[r * dimension + j] = embeddings[rows[r] * dimension + j];
        return points;
    }
}
