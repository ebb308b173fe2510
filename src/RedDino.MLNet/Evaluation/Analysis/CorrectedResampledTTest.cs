using MathNet.Numerics.Distributions;

namespace RedDino.MLNet.Evaluation.Analysis;

/// <summary>The corrected resampled t-test (Nadeau and Bengio 2003) of a per-split metric of two
/// backbones evaluated on the same splits: a paired t-test whose variance is inflated for the overlap of
/// the training sets, which the plain paired t-test ignores (and so finds too many differences).</summary>
/// <remarks>
/// d_j = metric_a(split j) - metric_b(split j) over J splits; r = mean over splits of n_test_j / n_train_j;
/// t = mean(d) / sqrt((1 / J + r) var(d)), var the sample variance (ddof 1); p two-sided from Student's t
/// with J - 1 degrees of freedom. t and p are null when J &lt; 2 or var(d) = 0; mean(d) is null when J = 0.
/// Splits where either metric is undefined are left out.
/// </remarks>
public static class CorrectedResampledTTest
{
    /// <summary>The test over the splits.</summary>
    /// <param name="metricA">The metric of a on every split.</param>
    /// <param name="metricB">The metric of b on the same splits.</param>
    /// <param name="testCounts">n_test of every split.</param>
    /// <param name="trainCounts">n_train of every split.</param>
    public static PairedDifference Compute(IReadOnlyList<double?> metricA, IReadOnlyList<double?> metricB,
        IReadOnlyList<int> testCounts, IReadOnlyList<int> trainCounts)
    {
        ArgumentNullException.ThrowIfNull(metricA);
        ArgumentNullException.ThrowIfNull(metricB);
        ArgumentNullException.ThrowIfNull(testCounts);
        ArgumentNullException.ThrowIfNull(trainCounts);
        var splits = metricA.Count;
        if (metricB.Count != splits || testCounts.Count != splits || trainCounts.Count != splits)
            throw new ArgumentException($"{metricA.Count} and {metricB.Count} metrics, {testCounts.Count} test and {trainCounts.Count} train counts: one each per split expected");
        var differences = new List<double>();
        var ratios = new List<double>();
        for (var j = 0; j < splits; j++)
        {
            if (metricA[j] is not { } a || metricB[j] is not { } b) continue;
            if (trainCounts[j] <= 0) throw new ArgumentException($"split {j}: n_train must be positive, got {trainCounts[j]}", nameof(trainCounts));
            differences.Add(a - b);
            ratios.Add((double)testCounts[j] / trainCounts[j]);
        }
        var count = differences.Count;
        if (count == 0) return new PairedDifference(null, null, null);
        var mean = differences.Sum() / count;
        if (count < 2) return new PairedDifference(mean, null, null);
        var variance = differences.Sum(d => (d - mean) * (d - mean)) / (count - 1);
        if (variance == 0) return new PairedDifference(mean, null, null);
        var t = mean / Math.Sqrt((1.0 / count + ratios.Average()) * variance);
        var p = Math.Min(1, 2 * StudentT.CDF(0, 1, count - 1, -Math.Abs(t)));
        return new PairedDifference(mean, t, p);
    }
}
