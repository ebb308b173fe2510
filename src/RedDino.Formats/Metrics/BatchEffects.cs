namespace RedDino.Formats.Metrics;

/// <summary>Batch-effect metrics of one backbone's embeddings (metrics.json schema 2,
/// <c>backbones.&lt;name&gt;.batch_effects</c>; definitions: docs/reference/analysis.md). Each value is
/// null where it is undefined, never NaN.</summary>
/// <param name="BatchColumn">The column the batches came from (<c>batch_column</c>, e.g. "source").</param>
/// <param name="Batches">Number of distinct batches B (<c>batches</c>).</param>
/// <param name="SourceProbe">Linear probe predicting the batch: balanced accuracy vs chance 1 / B
/// (<c>source_probe</c>; lower = more batch-robust).</param>
/// <param name="BatchAsw">Mean over classes spanning ≥ 2 batches (≥ 3 rows) of mean_i (1 - |s_i|), s_i the
/// silhouette of the batch labels within the class (<c>batch_asw</c>; 1 = batches fully mixed).</param>
/// <param name="Ilisi">(median_i LISI_i - 1) / (B - 1) over k = min(90, n - 1) neighbours, perplexity k / 3
/// (<c>ilisi</c>; 0 = each neighbourhood one batch, 1 = perfectly mixed).</param>
/// <param name="GraphConnectivity">Mean over classes of the largest connected share of the class in the
/// k = 15 union k-NN graph (<c>graph_connectivity</c>; 1 = each class one connected piece).</param>
/// <param name="RobustnessIndex">SO / (SO + OS) over k = 20 neighbours, SO = same class other batch,
/// OS = other class same batch (<c>robustness_index</c>; above 0.5 the biology dominates, below it the batch).</param>
public sealed record BatchEffects(string BatchColumn, int Batches, SourceProbeResult SourceProbe, double? BatchAsw, double? Ilisi,
    double? GraphConnectivity, double? RobustnessIndex);

/// <summary>The source probe's score (metrics.json <c>batch_effects.source_probe</c>).</summary>
/// <param name="BalancedAccuracy">Mean balanced accuracy over the folds of a linear probe predicting the
/// batch (<c>balanced_accuracy</c>); null when fewer than 2 batches or too few rows to split.</param>
/// <param name="Chance">1 / B, the balanced accuracy of a probe that ignores the embedding (<c>chance</c>); null with no rows.</param>
/// <param name="Folds">Folds used (min(5, smallest batch), at least 2); null when not run or read from a
/// file (not written to metrics.json).</param>
public sealed record SourceProbeResult(double? BalancedAccuracy, double? Chance, int? Folds);
