using RedDino.Formats.Metrics;

namespace RedDino.MLNet.Evaluation.Analysis;

// The results of the analysis, immutable, each documented with its formula and the metrics.json
// (schema_version 2) key it is written under: per classifier "pooled" and "ci95", per backbone
// "batch_effects", and the top-level "comparisons". Undefined values are null, never NaN.

/// <summary>Batch-effect metrics of one backbone's embeddings (metrics.json <c>batch_effects</c>). Each
/// value is null where it is undefined, never NaN.</summary>
/// <param name="BatchColumn">The column the batches came from (<c>batch_column</c>, e.g. "source").</param>
/// <param name="Batches">Number of distinct batches B (<c>batches</c>).</param>
/// <param name="SourceProbe">Linear probe predicting the batch: balanced accuracy vs chance 1 / B
/// (<c>source_probe</c>; lower = more batch-robust; see <see cref="Analysis.SourceProbe"/>).</param>
/// <param name="BatchAsw">Mean over classes spanning ≥ 2 batches (≥ 3 rows) of mean_i (1 - |s_i|), s_i the
/// silhouette of the batch labels within the class (<c>batch_asw</c>; 1 = mixed; see <see cref="BatchSilhouette"/>).</param>
/// <param name="Ilisi">(median_i LISI_i - 1) / (B - 1) over k = min(90, n - 1) neighbours, perplexity k / 3
/// (<c>ilisi</c>; 0 = each neighbourhood one batch, 1 = perfectly mixed; see <see cref="IntegrationLisi"/>).</param>
/// <param name="GraphConnectivity">Mean over classes of the largest connected share of the class in the
/// k = 15 union k-NN graph (<c>graph_connectivity</c>; 1 = connected; see <see cref="Analysis.GraphConnectivity"/>).</param>
/// <param name="RobustnessIndex">SO / (SO + OS) over k = 20 neighbours, SO = same class other batch,
/// OS = other class same batch (<c>robustness_index</c>; above 0.5 biology dominates; see <see cref="Analysis.RobustnessIndex"/>).</param>
public sealed record BatchEffects(string BatchColumn, int Batches, SourceProbeResult SourceProbe, double? BatchAsw, double? Ilisi,
    double? GraphConnectivity, double? RobustnessIndex);

/// <summary>The source probe's score (metrics.json <c>batch_effects.source_probe</c>).</summary>
/// <param name="BalancedAccuracy">Mean balanced accuracy over the folds of a linear probe predicting the
/// batch (<c>balanced_accuracy</c>); null when fewer than 2 batches or too few rows to split.</param>
/// <param name="Chance">1 / B, the balanced accuracy of a probe that ignores the embedding (<c>chance</c>); null with no rows.</param>
/// <param name="Folds">Folds used (min(5, smallest batch), at least 2); null when not run. Not written to metrics.json.</param>
public sealed record SourceProbeResult(double? BalancedAccuracy, double? Chance, int? Folds);

/// <summary>One classifier's pooled out-of-fold metrics and their bootstrap intervals (metrics.json
/// <c>pooled</c> and <c>ci95</c> beside the classifier's per-split results).</summary>
/// <param name="Classifier">Classifier name (linear_probe, knn_1, ...).</param>
/// <param name="Pooled">Accuracy, balanced accuracy and weighted F1 of all rows' out-of-fold predictions at
/// once (<see cref="ClassificationMetrics"/>; unlike the mean over splits, every row weighs the same).</param>
/// <param name="Intervals">Percentile bootstrap intervals of the pooled metrics (<see cref="BootstrapIntervals"/>).</param>
public sealed record ClassifierAnalysis(string Classifier, SummaryMetrics Pooled, MetricIntervals Intervals);

/// <summary>The analysis of one backbone: pooled metrics with intervals per classifier, and batch effects.</summary>
/// <param name="Backbone">Backbone name.</param>
/// <param name="Classifiers">Per classifier, in the evaluation's order.</param>
/// <param name="BatchEffects">Batch-effect metrics (metrics.json <c>batch_effects</c>); null without a batch column or with a single batch.</param>
public sealed record BackboneAnalysis(string Backbone, IReadOnlyList<ClassifierAnalysis> Classifiers, BatchEffects? BatchEffects);

/// <summary>Everything the analysis adds to an evaluation of one or more backbones on the same rows.</summary>
/// <param name="Backbones">Per backbone, in the order given.</param>
/// <param name="Comparisons">Every pair (a listed before b) for every classifier both have (metrics.json
/// <c>comparisons</c>; empty with one backbone).</param>
public sealed record EvaluationAnalysis(IReadOnlyList<BackboneAnalysis> Backbones, IReadOnlyList<BackboneComparison> Comparisons);

/// <summary>A percentile bootstrap interval (metrics.json <c>[lo, hi]</c>), fractions in [0, 1].</summary>
/// <param name="Lower">The (1 - level) / 2 percentile of the resampled metric (2.5th for 95%).</param>
/// <param name="Upper">The (1 + level) / 2 percentile (97.5th for 95%).</param>
public sealed record ConfidenceInterval(double Lower, double Upper);

/// <summary>Intervals of the three headline metrics (metrics.json <c>ci95</c>); null where the metric is undefined (n = 0).</summary>
/// <param name="Accuracy">Interval of accuracy.</param>
/// <param name="BalancedAccuracy">Interval of balanced accuracy.</param>
/// <param name="WeightedF1">Interval of weighted F1.</param>
public sealed record MetricIntervals(ConfidenceInterval? Accuracy, ConfidenceInterval? BalancedAccuracy, ConfidenceInterval? WeightedF1);

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

/// <summary>McNemar's exact test of a against b (metrics.json <c>n01</c>, <c>n10</c>, <c>mcnemar_p</c>).</summary>
/// <param name="N01">Rows a predicts right and b wrong.</param>
/// <param name="N10">Rows a predicts wrong and b right.</param>
/// <param name="P">Two-sided exact binomial p-value (1 when N01 + N10 = 0).</param>
public sealed record McNemarResult(int N01, int N10, double P);

/// <summary>A metric's paired difference a - b over the splits (metrics.json <c>{mean_difference, t, p}</c>).</summary>
/// <param name="MeanDifference">mean_j (metric_a - metric_b); null with no split.</param>
/// <param name="T">The corrected resampled t statistic; null when J &lt; 2 or var(d) = 0.</param>
/// <param name="P">Two-sided p-value (Student's t, J - 1 df); null with <paramref name="T"/>.</param>
public sealed record PairedDifference(double? MeanDifference, double? T, double? P);
