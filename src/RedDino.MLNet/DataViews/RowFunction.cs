using Microsoft.ML;
using Microsoft.ML.Data;

namespace RedDino.MLNet.DataViews;

/// <summary>
/// Columns computed from each row alone (a classifier's Score and PredictedLabel from the row's features, the
/// bundle's class reordering): one definition serves both ML.NET forms, the lazy IDataView of
/// <c>Transform</c> and the <see cref="IRowToRowMapper"/> that <c>CreatePredictionEngine</c> (and so
/// PredictionEnginePool) needs. Added columns come after the input's and hide input columns of the same name.
/// </summary>
internal abstract class RowFunction
{
    /// <summary>The columns added (name, type, annotations).</summary>
    public abstract IReadOnlyList<DataViewSchema.DetachedColumn> AddedColumns { get; }

    /// <summary>The input columns the added ones are computed from.</summary>
    public abstract IEnumerable<DataViewSchema.Column> Dependencies(DataViewSchema input);

    /// <summary>Getters of the added columns (in <see cref="AddedColumns"/> order) for the current row of
    /// <paramref name="row"/>; whatever they compute is computed once per row position.</summary>
    public abstract Delegate[] Getters(DataViewRow row);

    /// <summary>The input's schema followed by the added columns.</summary>
    public DataViewSchema OutputSchema(DataViewSchema input)
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(input);
        builder.AddColumns(AddedColumns);
        return builder.ToSchema();
    }

    /// <summary>The lazy view: every input cursor gets the added columns.</summary>
    public IDataView View(IDataView input) => new View_(this, input, OutputSchema(input.Schema));

    /// <summary>The row-to-row form.</summary>
    public IRowToRowMapper Mapper(DataViewSchema input) => new Mapper_(this, input, OutputSchema(input));

    /// <summary>As an ML.NET transformer (row-to-row; not savable into an ML.NET model zip), for chains.</summary>
    public ITransformer AsTransformer(string saveMessage) => new Transformer(this, saveMessage);

    /// <summary>Input columns needed for the given output columns.</summary>
    private IEnumerable<DataViewSchema.Column> InputColumnsFor(DataViewSchema input, IEnumerable<DataViewSchema.Column> outputColumns)
    {
        var needed = new Dictionary<int, DataViewSchema.Column>();
        foreach (var column in outputColumns)
        {
            if (column.Index < input.Count)
                needed[column.Index] = input[column.Index];
            else
                foreach (var dependency in Dependencies(input))
                    needed[dependency.Index] = dependency;
        }
        return needed.Values;
    }

    private sealed class Transformer(RowFunction function, string saveMessage) : ITransformer
    {
        public bool IsRowToRowMapper => true;

        public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => function.OutputSchema(inputSchema);

        public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => function.Mapper(inputSchema);

        public IDataView Transform(IDataView input) => function.View(input);

        void ICanSaveModel.Save(ModelSaveContext ctx) => throw new NotSupportedException(saveMessage);
    }

    private sealed class View_(RowFunction function, IDataView input, DataViewSchema schema) : IDataView
    {
        public DataViewSchema Schema => schema;

        public bool CanShuffle => input.CanShuffle;

        public long? GetRowCount() => input.GetRowCount();

        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
        {
            var active = columnsNeeded.Select(c => c.Index).ToHashSet();
            return new Cursor(function, schema, input.GetRowCursor(function.InputColumnsFor(input.Schema, columnsNeeded.ToList()), rand), active);
        }

        public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
        {
            var needed = columnsNeeded.ToList();
            var active = needed.Select(c => c.Index).ToHashSet();
            return input.GetRowCursorSet(function.InputColumnsFor(input.Schema, needed), n, rand)
                .Select(c => (DataViewRowCursor)new Cursor(function, schema, c, active)).ToArray();
        }
    }

    private sealed class Mapper_(RowFunction function, DataViewSchema input, DataViewSchema output) : IRowToRowMapper
    {
        public DataViewSchema InputSchema => input;

        public DataViewSchema OutputSchema => output;

        public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns) =>
            function.InputColumnsFor(input, dependingColumns);

        public DataViewRow GetRow(DataViewRow row, IEnumerable<DataViewSchema.Column> activeColumns) =>
            new Row(function, output, row, activeColumns.Select(c => c.Index).ToHashSet());
    }

    /// <summary>An input row seen under the output schema.</summary>
    private sealed class Row(RowFunction function, DataViewSchema schema, DataViewRow input, HashSet<int> active) : DataViewRow
    {
        private Delegate[]? _getters;

        public override DataViewSchema Schema => schema;

        public override long Position => input.Position;

        public override long Batch => input.Batch;

        public override bool IsColumnActive(DataViewSchema.Column column) => active.Contains(column.Index);

        public override ValueGetter<DataViewRowId> GetIdGetter() => input.GetIdGetter();

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => Getter<TValue>(function, input, column, ref _getters);
    }

    private sealed class Cursor(RowFunction function, DataViewSchema schema, DataViewRowCursor input, HashSet<int> active) : DataViewRowCursor
    {
        private Delegate[]? _getters;

        public override DataViewSchema Schema => schema;

        public override long Position => input.Position;

        public override long Batch => input.Batch;

        public override bool MoveNext() => input.MoveNext();

        public override bool IsColumnActive(DataViewSchema.Column column) => active.Contains(column.Index);

        public override ValueGetter<DataViewRowId> GetIdGetter() => input.GetIdGetter();

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => Getter<TValue>(function, input, column, ref _getters);

        protected override void Dispose(bool disposing)
        {
            if (disposing) input.Dispose();
            base.Dispose(disposing);
        }
    }

    private static ValueGetter<TValue> Getter<TValue>(RowFunction function, DataViewRow input, DataViewSchema.Column column, ref Delegate[]? getters)
    {
        if (column.Index < input.Schema.Count)
            return input.GetGetter<TValue>(input.Schema[column.Index]);
        getters ??= function.Getters(input);
        return getters[column.Index - input.Schema.Count] as ValueGetter<TValue>
            ?? throw new InvalidOperationException($"column '{column.Name}' is {column.Type}, not {typeof(TValue).Name}");
    }
}
