using RedDino.Formats.Metrics;

namespace RedDino.MLNet.Evaluation.Analysis;

// The analysis' results per backbone and for a whole evaluation. The values themselves are the
// metrics.json (schema_version 2) records of RedDino.Formats.Metrics: per classifier "pooled" and "ci95"
// (SummaryMetrics, MetricIntervals), per backbone "batch_effects" (BatchEffects), and the top-level
// "comparisons" (BackboneComparison). Undefined values are null, never NaN.

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
