using RedDino.Formats.Metrics;

namespace RedDino.MLNet.Evaluation.Analysis;

/// <summary>Compares two backbones evaluated on the same rows with the same splits, classifier by
/// classifier: McNemar on the pooled out-of-fold predictions (<see cref="McNemarTest"/>) and the
/// corrected resampled t-test on each per-split metric (<see cref="CorrectedResampledTTest"/>).</summary>
public static class BackboneComparer
{
    /// <summary>a against b for <paramref name="classifier"/>.</summary>
    /// <exception cref="ArgumentException">The two evaluations do not hold the same rows, labels, classes or splits, or lack the classifier.</exception>
    public static BackboneComparison Compare(BackboneEvaluation a, BackboneEvaluation b, string classifier)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        CheckSameRows(a, b);
        var left = Find(a, classifier);
        var right = Find(b, classifier);
        CheckSameSplits(left, right, a.Backbone, b.Backbone);

        var truth = TrueClasses(a);
        var mcnemar = McNemarTest.Compute(truth, OutOfFoldPredictions.Pool(left, truth.Length), OutOfFoldPredictions.Pool(right, truth.Length));
        var testCounts = left.Splits.Select(s => s.TestCount).ToArray();
        var trainCounts = left.Splits.Select(s => s.TrainCount).ToArray();
        PairedDifference Test(Func<ClassificationMetrics, double?> metric) => CorrectedResampledTTest.Compute(
            left.Splits.Select(s => metric(s.Metrics)).ToArray(), right.Splits.Select(s => metric(s.Metrics)).ToArray(), testCounts, trainCounts);
        return new BackboneComparison(classifier, a.Backbone, b.Backbone, mcnemar,
            Test(m => m.Accuracy), Test(m => m.BalancedAccuracy), Test(m => m.WeightedF1));
    }

    /// <summary>The true class index of every row of <paramref name="evaluation"/>.</summary>
    internal static int[] TrueClasses(BackboneEvaluation evaluation)
    {
        var index = evaluation.Classes.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
        return evaluation.Labels.Select((label, row) => index.TryGetValue(label, out var c)
            ? c
            : throw new ArgumentException($"{evaluation.Backbone}, row {row + 1}: label '{label}' is not one of its classes")).ToArray();
    }

    private static ClassifierEvaluation Find(BackboneEvaluation evaluation, string classifier) =>
        evaluation.Classifiers.FirstOrDefault(c => c.Name == classifier)
        ?? throw new ArgumentException($"backbone '{evaluation.Backbone}' has no results for classifier '{classifier}'", nameof(classifier));

    private static void CheckSameRows(BackboneEvaluation a, BackboneEvaluation b)
    {
        if (!a.Classes.SequenceEqual(b.Classes, StringComparer.Ordinal))
            throw new ArgumentException($"backbones '{a.Backbone}' and '{b.Backbone}' have different classes");
        if (a.Labels.Count != b.Labels.Count)
            throw new ArgumentException($"backbones '{a.Backbone}' and '{b.Backbone}' hold {a.Labels.Count} and {b.Labels.Count} rows; a paired comparison needs the same rows");
        for (var row = 0; row < a.Labels.Count; row++)
            if (!string.Equals(a.Labels[row], b.Labels[row], StringComparison.Ordinal)
                || (row < a.Paths.Count && row < b.Paths.Count && !string.Equals(a.Paths[row], b.Paths[row], StringComparison.Ordinal)))
                throw new ArgumentException($"backbones '{a.Backbone}' and '{b.Backbone}' differ at row {row + 1} (path or label); a paired comparison needs the same rows in the same order");
    }

    private static void CheckSameSplits(ClassifierEvaluation a, ClassifierEvaluation b, string nameA, string nameB)
    {
        var same = a.Splits.Count == b.Splits.Count && a.Splits.Zip(b.Splits).All(p => p.First.TestRows.SequenceEqual(p.Second.TestRows));
        if (!same)
            throw new ArgumentException($"{a.Name}: backbones '{nameA}' and '{nameB}' were not evaluated on the same splits");
    }
}
