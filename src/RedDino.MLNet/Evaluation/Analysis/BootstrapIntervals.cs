using RedDino.Formats.Metrics;

namespace RedDino.MLNet.Evaluation.Analysis;

/// <summary>95% percentile bootstrap intervals of accuracy, balanced accuracy and weighted F1 over pooled
/// predictions.</summary>
/// <remarks>
/// Each of R resamples draws n rows with replacement (numpy's legacy <c>RandomState(seed).randint(0, n,
/// size=n)</c>, resample after resample from one stream, so a numpy script reproduces the draws exactly);
/// the metric is computed on the resample with scikit-learn's definitions (<see cref="ClassificationMetrics"/>),
/// and the interval is its (1 - level) / 2 and (1 + level) / 2 percentiles with linear interpolation
/// (<see cref="Percentile"/>). The same seed gives the same rows to every backbone and classifier.
/// </remarks>
public static class BootstrapIntervals
{
    /// <summary>The intervals; every one null when there are no rows.</summary>
    /// <param name="truth">True class index of every row.</param>
    /// <param name="predicted">Predicted class index of every row.</param>
    /// <param name="classes">Class names (position = index).</param>
    /// <param name="resamples">Number of resamples R (default 1,000).</param>
    /// <param name="seed">Seed of the random stream.</param>
    /// <param name="level">Coverage (default 0.95).</param>
    public static MetricIntervals Compute(IReadOnlyList<int> truth, IReadOnlyList<int> predicted, IReadOnlyList<string> classes,
        int resamples = AnalysisDefaults.BootstrapResamples, uint seed = AnalysisDefaults.BootstrapSeed, double level = AnalysisDefaults.ConfidenceLevel)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 1);
        if (!(level > 0 && level < 1)) throw new ArgumentOutOfRangeException(nameof(level), level, "must be between 0 and 1");
        var n = truth.Count;
        if (predicted.Count != n) throw new ArgumentException($"{n} true labels but {predicted.Count} predictions", nameof(predicted));
        var k = classes.Count;
        for (var i = 0; i < n; i++)
            if ((uint)truth[i] >= (uint)k || (uint)predicted[i] >= (uint)k)
                throw new ArgumentOutOfRangeException(nameof(truth), $"row {i + 1}: class index outside 0..{k - 1}");
        if (n == 0) return new MetricIntervals(null, null, null);

        var random = new NumpyLegacyRandom(seed);
        var accuracy = new double[resamples];
        var balanced = new double[resamples];
        var weightedF1 = new double[resamples];
        var confusion = new int[k][];
        for (var c = 0; c < k; c++) confusion[c] = new int[k];
        for (var r = 0; r < resamples; r++)
        {
            foreach (var row in confusion) Array.Clear(row);
            for (var i = 0; i < n; i++)
            {
                var drawn = (int)random.NextInterval((uint)(n - 1));
                confusion[truth[drawn]][predicted[drawn]]++;
            }
            var metrics = ClassificationMetrics.FromConfusion(confusion, classes);
            accuracy[r] = metrics.Accuracy!.Value;
            balanced[r] = metrics.BalancedAccuracy!.Value;
            weightedF1[r] = metrics.WeightedF1!.Value;
        }
        // 100 (1 - level) / 2 computed as (100 - 100 level) / 2, which is exactly 2.5 for level 0.95.
        var lowerPercent = (100 - 100 * level) / 2;
        return new MetricIntervals(Interval(accuracy, lowerPercent), Interval(balanced, lowerPercent), Interval(weightedF1, lowerPercent));
    }

    private static ConfidenceInterval Interval(double[] values, double lowerPercent)
    {
        Array.Sort(values);
        return new ConfidenceInterval(Percentile.OfSorted(values, lowerPercent), Percentile.OfSorted(values, 100 - lowerPercent));
    }
}
