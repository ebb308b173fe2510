namespace RedDino.MLNet.Evaluation.Analysis;

/// <summary>"Is a better than b?" for one classifier (one entry of metrics.json <c>comparisons</c>).
/// Positive differences favour a.</summary>
/// <param name="Classifier">Classifier name (<c>classifier</c>).</param>
/// <param name="A">First backbone, in the order listed (<c>a</c>).</param>
/// <param name="B">Second backbone (<c>b</c>).</param>
/// <param name="McNemar">Exact McNemar test on the pooled out-of-fold predictions (<c>n01</c>, <c>n10</c>, <c>mcnemar_p</c>).</param>
/// <param name="Accuracy">Corrected resampled t-test on per-split accuracy (<c>accuracy</c>).</param>
/// <param name="BalancedAccuracy">The same on balanced accuracy (<c>balanced_accuracy</c>).</param>
/// <param name="WeightedF1">The same on weighted F1 (<c>weighted_f1</c>).</param>
public sealed record BackboneComparison(string Classifier, string A, string B, McNemarResult McNemar,
    PairedDifference Accuracy, PairedDifference BalancedAccuracy, PairedDifference WeightedF1);
