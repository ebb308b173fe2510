namespace RedDino.MLNet.Evaluation.Analysis;

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
