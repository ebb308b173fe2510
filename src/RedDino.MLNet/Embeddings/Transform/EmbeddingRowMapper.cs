using Microsoft.ML;
using Microsoft.ML.Data;

namespace RedDino.MLNet.Embeddings;

/// <summary>Row-to-row form of the transform, which <c>CreatePredictionEngine</c> needs: the embedding
/// of the current input row is computed on demand as a batch of one and kept until the row moves.</summary>
internal sealed class EmbeddingRowMapper(RedDinoEmbeddingTransformer transformer, DataViewSchema inputSchema) : IRowToRowMapper
{
    public DataViewSchema InputSchema { get; } = inputSchema;

    public DataViewSchema OutputSchema { get; } = transformer.GetOutputSchema(inputSchema);

    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns)
    {
        var outputIndex = OutputSchema.Count - 1;
        var needed = new List<DataViewSchema.Column>();
        foreach (var column in dependingColumns)
        {
            if (column.Index != outputIndex)
            {
                needed.Add(InputSchema[column.Index]);
                continue;
            }
            needed.Add(InputSchema[transformer.InputColumnName]);
            if (transformer.Crop is { } crop) needed.AddRange(crop.Columns(InputSchema));
        }
        return needed.DistinctBy(c => c.Index);
    }

    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns) =>
        new Row(transformer, OutputSchema, input, activeColumns.Select(c => c.Index).ToHashSet());

    private sealed class Row(RedDinoEmbeddingTransformer transformer, DataViewSchema schema, DataViewRow input, HashSet<int> active) : DataViewRow
    {
        private readonly int _outputIndex = schema.Count - 1;
        private Func<ImageRequest>? _read;
        private long _computedFor = -1;
        private float[]? _embedding;

        public override DataViewSchema Schema => schema;

        public override long Position => input.Position;

        public override long Batch => input.Batch;

        public override bool IsColumnActive(DataViewSchema.Column column) => active.Contains(column.Index);

        public override ValueGetter<DataViewRowId> GetIdGetter() => input.GetIdGetter();

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index != _outputIndex)
                return input.GetGetter<TValue>(input.Schema[column.Index]);
            _read ??= ImageInputColumn.Reader(input, input.Schema[transformer.InputColumnName], transformer.Engine.Options.ImageFolder, transformer.Crop);
            ValueGetter<VBuffer<float>> getter = (ref VBuffer<float> value) =>
            {
                if (_embedding is null || _computedFor != input.Position)
                {
                    _embedding = transformer.Engine.Embed(_read());
                    _computedFor = input.Position;
                }
                var editor = VBufferEditor.Create(ref value, _embedding.Length);
                _embedding.CopyTo(editor.Values);
                value = editor.Commit();
            };
            return getter as ValueGetter<TValue>
                ?? throw new InvalidOperationException($"column '{column.Name}' is {column.Type}, not {typeof(TValue).Name}");
        }
    }
}
