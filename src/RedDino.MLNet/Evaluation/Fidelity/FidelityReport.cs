using RedDino.Formats.Metrics;

namespace RedDino.MLNet.Evaluation.Fidelity;

/// <summary>How closely a candidate model's embeddings (e.g. int8) follow a reference model's (fp32) on the
/// same rows: per-row cosine, nearest-neighbour agreement and, with labels, the downstream metrics of both.</summary>
/// <param name="Reference">Name of the reference embeddings (model name).</param>
/// <param name="Candidate">Name of the candidate embeddings.</param>
/// <param name="RowCosines">Cosine similarity of each row's two embeddings, in row order.</param>
/// <param name="Neighbors">Neighbour agreement per k.</param>
/// <param name="Downstream">Both sets' mean metrics per classifier (empty without labels or evaluation).</param>
/// <param name="Protocol">The downstream protocol's name ("kfold", "loso"), or null when not run.</param>
public sealed record FidelityReport(string Reference, string Candidate, IReadOnlyList<double> RowCosines,
    IReadOnlyList<NeighborAgreement> Neighbors, IReadOnlyList<DownstreamComparison> Downstream, string? Protocol)
{
    /// <summary>Smallest per-row cosine.</summary>
    public double CosineMin => RowCosines.Min();

    /// <summary>Median per-row cosine (mean of the two middle values for an even count).</summary>
    public double CosineMedian
    {
        get
        {
            var sorted = RowCosines.Order().ToArray();
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        }
    }
}

/// <summary>Agreement of the k nearest other rows of each row between the two sets.</summary>
/// <param name="K">Neighbours compared (capped at rows - 1).</param>
/// <param name="RowOverlaps">|N_ref(i) ∩ N_cand(i)| / k for each row i, in row order.</param>
public sealed record NeighborAgreement(int K, IReadOnlyList<double> RowOverlaps)
{
    /// <summary>Mean overlap over the rows (1 = every neighbourhood unchanged).</summary>
    public double Mean => RowOverlaps.Average();

    /// <summary>Smallest overlap of any row.</summary>
    public double Min => RowOverlaps.Min();
}

/// <summary>One classifier's mean metrics (over the protocol's splits) on both sets.</summary>
/// <param name="Classifier">Classifier name (linear_probe, knn_20, ...).</param>
/// <param name="Reference">Mean metrics on the reference embeddings.</param>
/// <param name="Candidate">Mean metrics on the candidate embeddings.</param>
public sealed record DownstreamComparison(string Classifier, SummaryMetrics Reference, SummaryMetrics Candidate)
{
    /// <summary>Candidate - reference for one metric (null when either is undefined).</summary>
    public double? Difference(HeadlineMetric metric) => Candidate.Get(metric) - Reference.Get(metric);
}
