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
        return Read(set.Manifest, column);
    }

    /// <summary>The batches the analysis uses (<c>reddino eval --batch-column</c>): <paramref name="column"/> when
    /// given; otherwise the protocol's group column under leave-one-group-out, else "source" when the rows have it.</summary>
    /// <param name="set">The rows (any of the backbones' embeddings: they hold the same rows).</param>
    /// <param name="protocol">The evaluation protocol.</param>
    /// <param name="column">The batch column, or null for the default.</param>
    /// <param name="warn">Receives why a default column is not used (a row without a value); null ignores it.</param>
    /// <returns>The batches, or null when there is no batch column (batch effects are then left out).</returns>
    /// <exception cref="InvalidDataException">A named column is missing or has an empty value (names the file, column and row).</exception>
    public static BatchLabels? Resolve(EmbeddingSet set, EvaluationProtocol protocol, string? column = null, Action<string>? warn = null)
    {
        ArgumentNullException.ThrowIfNull(set);
        return Resolve(set.Manifest, protocol, column, warn);
    }

    /// <summary>The same rule on a manifest's rows (before they are embedded).</summary>
    public static BatchLabels? Resolve(Manifest manifest, EvaluationProtocol protocol, string? column = null, Action<string>? warn = null)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(protocol);
        var file = manifest.FilePath ?? "embeddings";
        var name = column ?? protocol.GroupColumn ?? AnalysisDefaults.BatchColumn;
        if (!manifest.Columns.Contains(name))
            return column is null && protocol.GroupColumn is null ? null
                : throw new InvalidDataException($"{file}: no {(column is null ? "column" : "batch column")} '{name}'" +
                                                 $"{(column is null ? " to group by" : "")} (columns: {string.Join(", ", manifest.Columns)})");
        var labels = Read(manifest, name);
        var empty = labels.Values.ToList().FindIndex(string.IsNullOrEmpty);
        if (empty < 0) return labels;
        var problem = $"{file}, row {empty + 1}: empty '{name}' (the batch-effect metrics need a batch on every row)";
        if (column is not null || protocol.GroupColumn is not null) throw new InvalidDataException(problem);
        warn?.Invoke($"{problem}; batch effects are left out (choose a batch column to include them)");
        return null;
    }

    private static BatchLabels Read(Manifest manifest, string column) =>
        new(column, manifest.Rows.Select(row => (string?)Manifest.ValueOf(row, column)).ToArray());
}
