using Microsoft.ML;
using Microsoft.ML.Data;
using RedDino.MLNet.Data;
using RedDino.Formats.Manifests;

namespace RedDino.MLNet.Evaluation;

/// <summary>An <see cref="EmbeddingSet"/> (or some of its rows) as an ML.NET IDataView with text
/// Path, Label, Source, any pass-through manifest column, and a Features vector [D].</summary>
internal static class EmbeddingSetDataView
{
    private sealed class Row
    {
        public string Path = "";
        public string Label = "";
        public string Source = "";
        public float[] Features = [];
    }

    public static IDataView Create(MLContext mlContext, EmbeddingSet set, IReadOnlyList<int>? rows = null, EmbeddingColumns? columns = null)
    {
        columns ??= EmbeddingColumns.Default;
        var definition = SchemaDefinition.Create(typeof(Row));
        definition[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, set.Dimension);
        definition[nameof(Row.Features)].ColumnName = columns.Features;
        definition[nameof(Row.Label)].ColumnName = columns.Label;
        definition[nameof(Row.Path)].ColumnName = columns.Path;
        definition[nameof(Row.Source)].ColumnName = columns.Source;
        var indexes = rows ?? Enumerable.Range(0, set.Count).ToArray();
        var data = indexes.Select(i => new Row
        {
            Path = set.Manifest.Rows[i].Path,
            Label = set.Manifest.Rows[i].Label ?? "",
            Source = set.Manifest.Rows[i].Source ?? "",
            Features = set.Row(i).ToArray(),
        });
        return mlContext.Data.LoadFromEnumerable(data, definition);
    }
}
