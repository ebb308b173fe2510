using RedDino.Formats.Manifests;
using RedDino.MLNet.Embeddings;

namespace RedDino.MLNet.Evaluation.Analysis;

/// <summary>One backbone to analyse: its evaluation and the embeddings it was evaluated on.</summary>
/// <param name="Evaluation">What <see cref="EmbeddingEvaluator"/> returned for the backbone.</param>
/// <param name="Embeddings">[n, D] row-major, the rows of the evaluation in the same order (D = <see cref="BackboneEvaluation.EmbedDim"/>).</param>
public sealed record BackboneInput(BackboneEvaluation Evaluation, float[] Embeddings)
{
    /// <summary>The evaluation of <paramref name="set"/> with the set's embeddings.</summary>
    public static BackboneInput Of(BackboneEvaluation evaluation, EmbeddingSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        return new BackboneInput(evaluation, set.Values);
    }
}

/// <summary>The batch of every row, and the column it came from.</summary>
/// <param name="Column">Column name (metrics.json <c>batch_column</c>).</param>
/// <param name="Values">One batch per row, in data order.</param>
public sealed record BatchLabels(string Column, IReadOnlyList<string?> Values)
{
    /// <summary>The <paramref name="column"/> of an embeddings file's rows, or null when the file has no such column.</summary>
    public static BatchLabels? From(EmbeddingSet set, string column = AnalysisDefaults.BatchColumn)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentException.ThrowIfNullOrEmpty(column);
        if (!set.Manifest.Columns.Contains(column)) return null;
        return new BatchLabels(column, set.Manifest.Rows.Select(row => (string?)Manifest.ValueOf(row, column)).ToArray());
    }
}
