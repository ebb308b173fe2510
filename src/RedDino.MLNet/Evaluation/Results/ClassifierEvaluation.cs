using RedDino.Formats.Metrics;

namespace RedDino.MLNet.Evaluation;

/// <summary>One classifier over every split of a protocol, with the mean and the sample standard
/// deviation of the headline metrics over the splits (null when undefined).</summary>
/// <param name="Name">Classifier name (linear_probe, knn_1, ...).</param>
/// <param name="Splits">Per-split results in split order.</param>
public sealed record ClassifierEvaluation(string Name, IReadOnlyList<SplitEvaluation> Splits)
{
    /// <summary>Mean over splits.</summary>
    public SummaryMetrics Mean => SummaryMetrics.Mean(Splits.Select(s => s.Metrics.Summary).ToArray());

    /// <summary>Sample standard deviation over splits (n - 1); null with one split.</summary>
    public SummaryMetrics StandardDeviation => SummaryMetrics.StandardDeviation(Splits.Select(s => s.Metrics.Summary).ToArray());

    /// <summary>The metrics.json entry of this classifier (without the predictions).</summary>
    public ClassifierMetrics ToMetrics() => ClassifierMetrics.FromSplits(Name, Splits.Select(s => s.ToMetrics()).ToArray());
}
