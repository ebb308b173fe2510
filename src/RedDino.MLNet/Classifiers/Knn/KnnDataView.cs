using Microsoft.ML;
using Microsoft.ML.Data;

namespace RedDino.MLNet.Classifiers.Knn;

/// <summary>The lazy output of <see cref="KNearestNeighborsTransformer.Transform"/>: the input's rows
/// with Score and PredictedLabel, predicted a block at a time by <see cref="KnnCursor"/>.</summary>
internal sealed class KnnDataView(KNearestNeighborsTransformer transformer, IDataView input, DataViewSchema schema, DataViewSchema.Column feature) : IDataView
{
    public DataViewSchema Schema { get; } = schema;

    public bool CanShuffle => false;

    public long? GetRowCount() => input.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var needed = columnsNeeded.Select(c => c.Index).ToHashSet();
        var inputColumns = input.Schema.Where(c => needed.Contains(c.Index)).ToArray();
        var predictions = needed.Any(i => i >= input.Schema.Count);
        return new KnnCursor(Schema, transformer.Model, input, inputColumns, feature, predictions ? needed : [], input.Schema.Count, transformer.Model.SearchOptions.QueryBlockSize);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];
}
