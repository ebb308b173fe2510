using Microsoft.ML;
using Microsoft.ML.Data;

namespace RedDino.MLNet.DataViews;

/// <summary>
/// Rows already in memory as an IDataView: text columns and known-size float vector columns (row-major
/// [rows, D] arrays). It needs no ML.NET environment, so catalog methods never create an MLContext of
/// their own (which would drop the user's seed and log), and it is the one place where the library turns
/// arrays into ML.NET data (classifier splits, embeddings files, bundle heads, class keys).
/// </summary>
internal sealed class InMemoryDataView : IDataView
{
    // Per column: a getter bound to a cursor's current row (given as a function).
    private readonly List<Func<Func<int>, Delegate>> _getters = [];
    private readonly DataViewSchema.Builder _builder = new();
    private DataViewSchema? _schema;

    /// <summary>An empty view of <paramref name="rowCount"/> rows; add its columns, then use it.</summary>
    public InMemoryDataView(int rowCount) => RowCount = rowCount;

    public int RowCount { get; }

    /// <summary>Adds a text column (null values become empty text).</summary>
    public InMemoryDataView AddText(string name, IReadOnlyList<string?> values)
    {
        Require(values.Count, name);
        _builder.AddColumn(name, TextDataViewType.Instance);
        _getters.Add(row => (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> value) => value = (values[row()] ?? "").AsMemory()));
        return this;
    }

    /// <summary>Adds a float vector column of <paramref name="dimension"/> values per row from row-major <paramref name="values"/>.</summary>
    public InMemoryDataView AddVector(string name, float[] values, int dimension)
    {
        if (dimension < 1 || values.Length != (long)RowCount * dimension)
            throw new ArgumentException($"{values.Length} values are not {RowCount} rows of {dimension}", nameof(values));
        _builder.AddColumn(name, new VectorDataViewType(NumberDataViewType.Single, dimension));
        _getters.Add(row => (ValueGetter<VBuffer<float>>)((ref VBuffer<float> value) =>
        {
            var editor = VBufferEditor.Create(ref value, dimension);
            values.AsSpan(row() * dimension, dimension).CopyTo(editor.Values);
            value = editor.Commit();
        }));
        return this;
    }

    public DataViewSchema Schema => _schema ??= _builder.ToSchema();

    public bool CanShuffle => false;

    public long? GetRowCount() => RowCount;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) => new Cursor(this);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) => [new Cursor(this)];

    private void Require(int count, string name)
    {
        if (count != RowCount) throw new ArgumentException($"column '{name}' has {count} values for {RowCount} rows");
    }

    private sealed class Cursor(InMemoryDataView view) : DataViewRowCursor
    {
        private int _row = -1;

        public override DataViewSchema Schema => view.Schema;

        public override long Position => _row;

        public override long Batch => 0;

        public override bool MoveNext() => ++_row < view.RowCount;

        public override bool IsColumnActive(DataViewSchema.Column column) => true;

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) =>
            view._getters[column.Index](() => _row) as ValueGetter<TValue>
                ?? throw new InvalidOperationException($"column '{column.Name}' is {column.Type}, not {typeof(TValue).Name}");

        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)_row, 0);
    }
}
