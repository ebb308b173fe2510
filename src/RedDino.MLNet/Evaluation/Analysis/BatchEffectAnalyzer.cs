using Microsoft.ML;
using RedDino.MLNet.Classifiers;

namespace RedDino.MLNet.Evaluation.Analysis;

/// <summary>Computes every batch-effect metric of one backbone's embeddings: the source probe, batch ASW,
/// iLISI, graph connectivity and the robustness index. One exact neighbour search (the largest k the
/// metrics need) serves the three neighbourhood metrics.</summary>
public sealed class BatchEffectAnalyzer
{
    private readonly MLContext _mlContext;
    private readonly AnalysisOptions _options;

    /// <summary>Creates an analyzer; <paramref name="options"/> defaults to <see cref="AnalysisOptions"/>'s defaults.</summary>
    public BatchEffectAnalyzer(MLContext mlContext, AnalysisOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        _mlContext = mlContext;
        _options = options ?? new AnalysisOptions();
        _options.Validate();
    }

    /// <summary>The batch-effect metrics, or null when the rows hold fewer than two batches.</summary>
    /// <param name="embeddings">[n, D] row-major, as stored (not normalised).</param>
    /// <param name="dimension">D.</param>
    /// <param name="labels">Class label of every row.</param>
    /// <param name="batches">Batch of every row (every row needs one).</param>
    /// <param name="batchColumn">Name of the column the batches came from, for the result.</param>
    /// <exception cref="InvalidDataException">A row without a batch (names the row, 1-based).</exception>
    public BatchEffects? Compute(float[] embeddings, int dimension, IReadOnlyList<string> labels, IReadOnlyList<string?> batches,
        string batchColumn = AnalysisDefaults.BatchColumn)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(batches);
        var n = labels.Count;
        if (batches.Count != n || embeddings.Length != (long)n * dimension)
            throw new ArgumentException($"{embeddings.Length} values, {n} labels and {batches.Count} batches do not describe the same rows of {dimension}");
        for (var row = 0; row < n; row++)
            if (string.IsNullOrEmpty(batches[row]))
                throw new InvalidDataException($"row {row + 1}: empty '{batchColumn}' (the batch-effect metrics need a batch on every row)");
        var batchIndex = new ClassIndex(batches!);
        if (batchIndex.Count < 2) return null;
        var batchOf = batchIndex.Encode(batches!);
        var classOf = new ClassIndex(labels).Encode(labels);

        var probe = SourceProbe.Compute(_mlContext, embeddings, dimension, batches!, _options.LinearProbe, _options.CenterLinearProbeFeatures);
        var asw = BatchSilhouette.Compute(embeddings, dimension, classOf, batchOf, batchIndex.Count);
        var k = Math.Max(_options.IlisiNeighbors, Math.Max(_options.GraphConnectivityNeighbors, _options.RobustnessNeighbors));
        var neighbors = WithinSetNeighbors.Find(embeddings, dimension, k, _options.NeighborSearch);
        return new BatchEffects(batchColumn, batchIndex.Count, probe, asw,
            IntegrationLisi.Compute(neighbors, batchOf, batchIndex.Count, _options.IlisiNeighbors),
            GraphConnectivity.Compute(neighbors, classOf, _options.GraphConnectivityNeighbors),
            RobustnessIndex.Compute(neighbors, classOf, batchOf, batchIndex.Count, _options.RobustnessNeighbors));
    }
}
