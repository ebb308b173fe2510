namespace RedDino.MLNet.Evaluation.Analysis;

/// <summary>The source probe's score (metrics.json <c>batch_effects.source_probe</c>).</summary>
/// <param name="BalancedAccuracy">Mean balanced accuracy over the folds of a linear probe predicting the
/// batch (<c>balanced_accuracy</c>); null when fewer than 2 batches or too few rows to split.</param>
/// <param name="Chance">1 / B, the balanced accuracy of a probe that ignores the embedding (<c>chance</c>); null with no rows.</param>
/// <param name="Folds">Folds used (min(5, smallest batch), at least 2); null when not run. Not written to metrics.json.</param>
public sealed record SourceProbeResult(double? BalancedAccuracy, double? Chance, int? Folds);
