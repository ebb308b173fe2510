namespace RedDino.Formats.Metrics;

/// <summary>"Is a better than b?" for one classifier (one entry of metrics.json schema 2 <c>comparisons</c>;
/// definitions: docs/reference/analysis.md). Positive differences favour a.</summary>
/// <param name="Classifier">Classifier name (<c>classifier</c>).</param>
/// <param name="A">First backbone, in the order listed (<c>a</c>).</param>
/// <param name="B">Second backbone (<c>b</c>).</param>
/// <param name="McNemar">Exact McNemar test on the pooled out-of-fold predictions (<c>n01</c>, <c>n10</c>, <c>mcnemar_p</c>).</param>
/// <param name="Accuracy">Corrected resampled t-test on per-split accuracy (<c>accuracy</c>).</param>
/// <param name="BalancedAccuracy">The same on balanced accuracy (<c>balanced_accuracy</c>).</param>
/// <param name="WeightedF1">The same on weighted F1 (<c>weighted_f1</c>).</param>
public sealed record BackboneComparison(string Classifier, string A, string B, McNemarResult McNemar,
    PairedDifference Accuracy, PairedDifference BalancedAccuracy, PairedDifference WeightedF1)
{
    /// <summary>The t-test of one of the three headline metrics.</summary>
    public PairedDifference Get(HeadlineMetric metric) => metric switch
    {
        HeadlineMetric.WeightedF1 => WeightedF1,
        HeadlineMetric.Accuracy => Accuracy,
        _ => BalancedAccuracy,
    };

    /// <summary>True when the comparison involves <paramref name="backbone"/>.</summary>
    public bool Involves(string backbone) => A == backbone || B == backbone;
}

/// <summary>McNemar's exact test of a against b (metrics.json <c>n01</c>, <c>n10</c>, <c>mcnemar_p</c>).</summary>
/// <param name="N01">Rows a predicts right and b wrong.</param>
/// <param name="N10">Rows a predicts wrong and b right.</param>
/// <param name="P">Two-sided exact binomial p-value: min(1, 2 Σ_{i ≤ min(N01, N10)} C(n, i) / 2^n), n = N01 + N10; 1 when n = 0.</param>
public sealed record McNemarResult(int N01, int N10, double P);

/// <summary>A metric's paired difference a - b over the splits (metrics.json <c>{mean_difference, t, p}</c>).</summary>
/// <param name="MeanDifference">mean_j (metric_a - metric_b); null with no split.</param>
/// <param name="T">The corrected resampled t statistic mean(d) / sqrt((1 / J + n_test / n_train) var(d)) (Nadeau and
/// Bengio); null when J &lt; 2 or var(d) = 0.</param>
/// <param name="P">Two-sided p-value (Student's t, J - 1 degrees of freedom); null with <paramref name="T"/>.</param>
public sealed record PairedDifference(double? MeanDifference, double? T, double? P);
