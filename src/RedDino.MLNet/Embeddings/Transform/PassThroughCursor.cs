using Microsoft.ML;
using Microsoft.ML.Data;

namespace RedDino.MLNet.Embeddings;

/// <summary>The cursor when nobody asks for the embedding column: upstream rows under the output
/// schema, no inference.</summary>
internal sealed class PassThroughCursor(DataViewSchema schema, DataViewRowCursor upstream) : DataViewRowCursor
{
    public override DataViewSchema Schema => schema;

    public override long Position => upstream.Position;

    public override long Batch => upstream.Batch;

    public override bool MoveNext() => upstream.MoveNext();

    public override bool IsColumnActive(DataViewSchema.Column column) =>
        column.Index < upstream.Schema.Count && upstream.IsColumnActive(upstream.Schema[column.Index]);

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) =>
        column.Index < upstream.Schema.Count
            ? upstream.GetGetter<TValue>(upstream.Schema[column.Index])
            : throw new InvalidOperationException($"column '{column.Name}' is not active in this cursor");

    public override ValueGetter<DataViewRowId> GetIdGetter() => upstream.GetIdGetter();

    protected override void Dispose(bool disposing)
    {
        if (disposing) upstream.Dispose();
        base.Dispose(disposing);
    }
}
