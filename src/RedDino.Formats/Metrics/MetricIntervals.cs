namespace RedDino.Formats.Metrics;

/// <summary>A percentile bootstrap interval (metrics.json <c>[lo, hi]</c>), fractions in [0, 1].</summary>
/// <param name="Lower">The (1 - level) / 2 percentile of the resampled metric (2.5th for 95%).</param>
/// <param name="Upper">The (1 + level) / 2 percentile (97.5th for 95%).</param>
public sealed record ConfidenceInterval(double Lower, double Upper);

/// <summary>Intervals of the three headline metrics (metrics.json schema 2 <c>ci95</c>: 1,000 bootstrap
/// resamples of the pooled out-of-fold predictions); null where the metric is undefined (n = 0).</summary>
/// <param name="Accuracy">Interval of accuracy.</param>
/// <param name="BalancedAccuracy">Interval of balanced accuracy.</param>
/// <param name="WeightedF1">Interval of weighted F1.</param>
public sealed record MetricIntervals(ConfidenceInterval? Accuracy, ConfidenceInterval? BalancedAccuracy, ConfidenceInterval? WeightedF1)
{
    /// <summary>The interval of one of the three metrics.</summary>
    public ConfidenceInterval? Get(HeadlineMetric metric) => metric switch
    {
        HeadlineMetric.WeightedF1 => WeightedF1,
        HeadlineMetric.Accuracy => Accuracy,
        _ => BalancedAccuracy,
    };
}
