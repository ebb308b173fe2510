using RedDino.Formats.Metrics;

namespace RedDino.MLNet.Evaluation;

/// <summary>One classifier on one split: its metrics and its predictions.</summary>
/// <param name="Split">Split index (metrics.json "split").</param>
/// <param name="TestGroup">Held-out group for leave-one-group-out, else null.</param>
/// <param name="TrainCount">Rows fitted on (n_train).</param>
/// <param name="Metrics">Metrics on the test rows (n_test = Metrics.Count).</param>
/// <param name="TestRows">Test row indexes (0-based, data order).</param>
/// <param name="Predicted">Predicted class index of each test row, aligned with <paramref name="TestRows"/>.</param>
public sealed record SplitEvaluation(int Split, string? TestGroup, int TrainCount, ClassificationMetrics Metrics,
    IReadOnlyList<int> TestRows, IReadOnlyList<int> Predicted)
{
    /// <summary>Rows predicted (n_test).</summary>
    public int TestCount => TestRows.Count;

    /// <summary>The metrics.json entry of this split (without the predictions).</summary>
    public SplitMetrics ToMetrics() => new(Split, TestGroup, TrainCount, TestCount, Metrics);
}
