using RedDino.MLNet.Embeddings;
using RedDino.Formats.Manifests;

namespace RedDino.MLNet.Evaluation;

/// <summary>Column names of the IDataView made from an embeddings file
/// (<c>mlContext.Data.LoadFromEmbeddingSet</c>) and read by the evaluator.</summary>
/// <param name="Features">Known-size vector of Single: the embedding.</param>
/// <param name="Label">Text: the class label.</param>
/// <param name="Path">Text: the image path as written in the manifest.</param>
/// <param name="Source">Text: the acquisition source (empty when the manifest has none).</param>
public sealed record EmbeddingColumns(string Features = "Features", string Label = "Label", string Path = "Path", string Source = "Source")
{
    /// <summary>The default names (Features, Label, Path, Source).</summary>
    public static EmbeddingColumns Default { get; } = new();

    /// <summary>The IDataView column holding a manifest column (path, label, source), or null for others.</summary>
    public string? ForManifestColumn(string manifestColumn) => manifestColumn switch
    {
        ManifestColumns.Path => Path,
        ManifestColumns.Label => Label,
        ManifestColumns.Source => Source,
        _ => null,
    };
}
