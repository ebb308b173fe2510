namespace RedDino.Formats.Metrics;

/// <summary>The three headline metrics of the paper (fractions in [0, 1]; null = undefined). Used for
/// one split, and for the mean and the standard deviation over splits.</summary>
/// <param name="Accuracy">Accuracy.</param>
/// <param name="BalancedAccuracy">Balanced accuracy.</param>
/// <param name="WeightedF1">Support-weighted F1.</param>
public sealed record SummaryMetrics(double? Accuracy, double? BalancedAccuracy, double? WeightedF1)
{
    /// <summary>The value of one of the three metrics.</summary>
    public double? Get(HeadlineMetric metric) => metric switch
    {
        HeadlineMetric.WeightedF1 => WeightedF1,
        HeadlineMetric.Accuracy => Accuracy,
        _ => BalancedAccuracy,
    };

    /// <summary>Mean over splits of each metric, skipping undefined values (as pandas' <c>mean</c>);
    /// null when no split defines it.</summary>
    public static SummaryMetrics Mean(IReadOnlyList<SummaryMetrics> splits) => new(
        SplitStatistics.Mean(splits.Select(s => s.Accuracy)),
        SplitStatistics.Mean(splits.Select(s => s.BalancedAccuracy)),
        SplitStatistics.Mean(splits.Select(s => s.WeightedF1)));

    /// <summary>Sample standard deviation over splits (n - 1 denominator, as pandas' <c>std</c>),
    /// skipping undefined values; null with fewer than two values.</summary>
    public static SummaryMetrics StandardDeviation(IReadOnlyList<SummaryMetrics> splits) => new(
        SplitStatistics.SampleStandardDeviation(splits.Select(s => s.Accuracy)),
        SplitStatistics.SampleStandardDeviation(splits.Select(s => s.BalancedAccuracy)),
        SplitStatistics.SampleStandardDeviation(splits.Select(s => s.WeightedF1)));
}

/// <summary>Aggregation over splits with pandas' conventions (missing values skipped).</summary>
public static class SplitStatistics
{
    /// <summary>Σ x / n over the defined values; null when there are none.</summary>
    public static double? Mean(IEnumerable<double?> values)
    {
        var defined = values.OfType<double>().ToArray();
        return defined.Length == 0 ? null : defined.Sum() / defined.Length;
    }

    /// <summary>sqrt(Σ (x - mean)² / (n - 1)) over the defined values; null when n &lt; 2.</summary>
    public static double? SampleStandardDeviation(IEnumerable<double?> values)
    {
        var defined = values.OfType<double>().ToArray();
        if (defined.Length < 2) return null;
        var mean = defined.Sum() / defined.Length;
        return Math.Sqrt(defined.Sum(x => (x - mean) * (x - mean)) / (defined.Length - 1));
    }
}
