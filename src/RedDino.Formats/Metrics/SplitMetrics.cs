namespace RedDino.Formats.Metrics;

/// <summary>One classifier on one split: metrics.json's <c>splits[i]</c>.</summary>
/// <param name="Split">Split index ("split").</param>
/// <param name="TestGroup">Held-out group under leave-one-group-out, else null ("test_group").</param>
/// <param name="TrainCount">Rows fitted on ("n_train").</param>
/// <param name="TestCount">Rows predicted ("n_test").</param>
/// <param name="Metrics">Accuracy, balanced accuracy, weighted F1, per class, confusion.</param>
public sealed record SplitMetrics(int Split, string? TestGroup, int TrainCount, int TestCount, ClassificationMetrics Metrics);
