using Microsoft.ML;
using Microsoft.ML.Data;
using RedDino.MLNet.Classifiers;

namespace RedDino.MLNet.Evaluation.Analysis;

/// <summary>The source probe: how well the batch (acquisition source) can be predicted from the embedding.
/// Lower is better for a batch-robust backbone; compare with chance = 1 / B.</summary>
/// <remarks>
/// The paper's linear probe (<see cref="LinearProbeTrainer"/>: l2 = 100 / (M K) with K = the batches in the
/// training fold) is trained to predict the batch under stratified k-fold over the batches
/// (<see cref="StratifiedKFold"/>, no shuffling, rows in data order) with k = 5, fewer when the smallest
/// batch has fewer than 5 rows, and never fewer than 2. It runs through <see cref="EmbeddingEvaluator"/>
/// with the batch as the label, so it fits exactly as the class probe does. The value is the mean balanced
/// accuracy over the folds.
/// </remarks>
public static class SourceProbe
{
    /// <summary>Fits and scores the source probe.</summary>
    /// <param name="mlContext">Runs the linear probe.</param>
    /// <param name="embeddings">[n, D] row-major.</param>
    /// <param name="dimension">D.</param>
    /// <param name="batches">Batch of every row (non-empty).</param>
    /// <param name="linearProbe">Linear-probe settings (default: the paper's).</param>
    /// <param name="centerFeatures">Centre features on the training fold's mean, as the evaluator does (see <see cref="EvaluationOptions.CenterLinearProbeFeatures"/>).</param>
    public static SourceProbeResult Compute(MLContext mlContext, float[] embeddings, int dimension, IReadOnlyList<string> batches,
        LinearProbeOptions? linearProbe = null, bool centerFeatures = true)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(batches);
        if (embeddings.Length != (long)batches.Count * dimension)
            throw new ArgumentException($"{embeddings.Length} values do not make {batches.Count} rows of {dimension}", nameof(embeddings));
        var sizes = batches.GroupBy(b => b, StringComparer.Ordinal).Select(g => g.Count()).ToArray();
        var chance = sizes.Length == 0 ? (double?)null : 1.0 / sizes.Length;
        var folds = FoldCount(sizes);
        // Needs two batches, and a fold count that some batch can fill (scikit-learn refuses otherwise).
        if (sizes.Length < 2 || sizes.Max() < folds) return new SourceProbeResult(null, chance, null);

        var options = new EvaluationOptions
        {
            Protocol = EvaluationProtocol.KFold(folds),
            Classifiers = [ClassifierSpec.LinearProbe],
            LinearProbe = linearProbe ?? new LinearProbeOptions(),
            CenterLinearProbeFeatures = centerFeatures,
        };
        var data = View(mlContext, embeddings, dimension, batches);
        var result = new EmbeddingEvaluator(mlContext, options).Evaluate(data, "source_probe");
        return new SourceProbeResult(result.Classifiers[0].Mean.BalancedAccuracy, chance, folds);
    }

    /// <summary>min(5, smallest batch), at least 2.</summary>
    internal static int FoldCount(IReadOnlyCollection<int> batchSizes) =>
        Math.Max(2, Math.Min(AnalysisDefaults.SourceProbeFolds, batchSizes.Count == 0 ? 0 : batchSizes.Min()));

    private static IDataView View(MLContext mlContext, float[] embeddings, int dimension, IReadOnlyList<string> batches)
    {
        var definition = SchemaDefinition.Create(typeof(Row));
        definition[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, dimension);
        var rows = batches.Select((batch, i) => new Row { Label = batch, Features = embeddings.AsSpan(i * dimension, dimension).ToArray() });
        return mlContext.Data.LoadFromEnumerable(rows, definition);
    }

    private sealed class Row
    {
        public string Label = "";
        public float[] Features = [];
    }
}
