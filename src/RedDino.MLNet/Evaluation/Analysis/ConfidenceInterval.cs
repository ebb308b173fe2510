namespace RedDino.MLNet.Evaluation.Analysis;

/// <summary>A percentile bootstrap interval (metrics.json <c>[lo, hi]</c>), fractions in [0, 1].</summary>
/// <param name="Lower">The (1 - level) / 2 percentile of the resampled metric (2.5th for 95%).</param>
/// <param name="Upper">The (1 + level) / 2 percentile (97.5th for 95%).</param>
public sealed record ConfidenceInterval(double Lower, double Upper);

/// <summary>Intervals of the three headline metrics (metrics.json <c>ci95</c>); null where the metric is undefined (n = 0).</summary>
/// <param name="Accuracy">Interval of accuracy.</param>
/// <param name="BalancedAccuracy">Interval of balanced accuracy.</param>
/// <param name="WeightedF1">Interval of weighted F1.</param>
public sealed record MetricIntervals(ConfidenceInterval? Accuracy, ConfidenceInterval? BalancedAccuracy, ConfidenceInterval? WeightedF1);
