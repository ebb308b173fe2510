using Microsoft.ML;
using Microsoft.ML.Data;

namespace RedDino.MLNet.Embeddings;

/// <summary>The batching cursor: the engine's producer thread walks the upstream cursor, capturing
/// each row's input image and active pass-through values; worker threads preprocess; whole batches
/// go through ONNX Runtime; this cursor then serves the rows one by one, in upstream order.</summary>
internal sealed class EmbeddingCursor : DataViewRowCursor
{
    private sealed record Snapshot(long Position, DataViewRowId Id, object?[] Values, ImageRequest? Request, Exception? ReadError);

    private readonly DataViewRowCursor _upstream;
    private readonly bool[] _active;
    private readonly int _outputIndex;
    private readonly ColumnCapture[] _captures;
    private readonly int[] _slotOf; // output column index -> position in Snapshot.Values, or -1
    private readonly IEnumerator<EmbeddingResult<Snapshot>> _results;
    private Snapshot? _current;
    private float[]? _embedding;
    private long _position = -1;

    public EmbeddingCursor(RedDinoEmbeddingTransformer transformer, DataViewSchema schema, DataViewRowCursor upstream,
        IReadOnlyCollection<DataViewSchema.Column> activeOutputColumns)
    {
        Schema = schema;
        _upstream = upstream;
        _outputIndex = schema.Count - 1;
        _active = new bool[schema.Count];
        foreach (var column in activeOutputColumns) _active[column.Index] = true;
        _captures = activeOutputColumns.Where(c => c.Index != _outputIndex).OrderBy(c => c.Index)
            .Select(c => ColumnCapture.Create(upstream, upstream.Schema[c.Index])).ToArray();
        _slotOf = Enumerable.Repeat(-1, schema.Count).ToArray();
        for (var slot = 0; slot < _captures.Length; slot++) _slotOf[_captures[slot].Index] = slot;
        var readInput = ImageInputColumn.Reader(upstream, upstream.Schema[transformer.InputColumnName], transformer.Engine.Options.ImageFolder,
            transformer.Crop);
        _results = transformer.Engine.EmbedStream(ReadUpstream(readInput), s => s.Request ?? throw s.ReadError!).GetEnumerator();
    }

    // Runs on the engine's producer thread: the only code that touches the upstream cursor after construction.
    private IEnumerable<Snapshot> ReadUpstream(Func<ImageRequest> readInput)
    {
        var idGetter = _upstream.GetIdGetter();
        while (_upstream.MoveNext())
        {
            DataViewRowId id = default;
            idGetter(ref id);
            var values = new object?[_captures.Length];
            for (var slot = 0; slot < values.Length; slot++) values[slot] = _captures[slot].Capture();
            ImageRequest? request = null;
            Exception? error = null;
            try
            {
                request = readInput();
            }
            catch (Exception e) when (EmbeddingEngine.IsBadImage(e))
            {
                error = e;
            }
            yield return new Snapshot(_upstream.Position, id, values, request, error);
        }
    }

    public override DataViewSchema Schema { get; }

    public override long Position => _position;

    public override long Batch => 0;

    public override bool IsColumnActive(DataViewSchema.Column column) => _active[column.Index];

    public override bool MoveNext()
    {
        if (!_results.MoveNext()) return false;
        var result = _results.Current;
        if (result.Error is { } error)
            throw new InvalidDataException($"RedDino embeddings, row {result.Item.Position + 1}: {error.Message}", error);
        _current = result.Item;
        _embedding = result.Embedding;
        _position++;
        return true;
    }

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        if (!_active[column.Index])
            throw new InvalidOperationException($"column '{column.Name}' is not active in this cursor");
        if (column.Index == _outputIndex)
        {
            ValueGetter<VBuffer<float>> embedding = (ref VBuffer<float> value) =>
            {
                var source = _embedding ?? throw new InvalidOperationException("the cursor is not on a row");
                var editor = VBufferEditor.Create(ref value, source.Length);
                source.CopyTo(editor.Values);
                value = editor.Commit();
            };
            return embedding as ValueGetter<TValue>
                ?? throw new InvalidOperationException($"column '{column.Name}' is {column.Type}, not {typeof(TValue).Name}");
        }
        var slot = _slotOf[column.Index];
        var getter = _captures[slot].Getter(() => (_current ?? throw new InvalidOperationException("the cursor is not on a row")).Values[slot]);
        return getter as ValueGetter<TValue>
            ?? throw new InvalidOperationException($"column '{column.Name}' is {column.Type}, not {typeof(TValue).Name}");
    }

    public override ValueGetter<DataViewRowId> GetIdGetter() =>
        (ref DataViewRowId value) => value = (_current ?? throw new InvalidOperationException("the cursor is not on a row")).Id;

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _results.Dispose(); // stops the producer and workers before the upstream goes away
            _upstream.Dispose();
        }
        base.Dispose(disposing);
    }
}
