using Microsoft.ML;
using Microsoft.ML.Data;
using RedDino.MLNet.Embeddings;
using RedDino.Formats.Manifests;
using RedDino.MLNet.DataViews;

namespace RedDino.MLNet.Evaluation;

/// <summary>An <see cref="EmbeddingSet"/> (or some of its rows) as an ML.NET IDataView with text
/// Path, Label, Source, any pass-through manifest column, and a Features vector [D].</summary>
internal static class EmbeddingSetDataView
{
    public static IDataView Create(EmbeddingSet set, IReadOnlyList<int>? rows = null, EmbeddingColumns? columns = null)
    {
        columns ??= EmbeddingColumns.Default;
        var indexes = rows ?? Enumerable.Range(0, set.Count).ToArray();
        var features = new float[indexes.Count * set.Dimension];
        for (var r = 0; r < indexes.Count; r++)
            set.Row(indexes[r]).CopyTo(features.AsSpan(r * set.Dimension));
        var manifestRows = indexes.Select(i => set.Manifest.Rows[i]).ToArray();
        return new InMemoryDataView(indexes.Count)
            .AddText(columns.Path, manifestRows.Select(r => r.Path).ToArray())
            .AddText(columns.Label, manifestRows.Select(r => r.Label).ToArray())
            .AddText(columns.Source, manifestRows.Select(r => r.Source).ToArray())
            .AddVector(columns.Features, features, set.Dimension);
    }
}
