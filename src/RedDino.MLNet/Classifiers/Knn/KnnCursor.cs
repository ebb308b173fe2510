using Microsoft.ML;
using Microsoft.ML.Data;

namespace RedDino.MLNet.Classifiers.Knn;

/// <summary>Serves the input's rows through a "lagging" cursor (pass-through columns and row ids
/// stay in step with the served row) while a second "ahead" cursor reads the features of the next
/// block of rows, which are predicted together (one blocked distance product per block).</summary>
internal sealed class KnnCursor : DataViewRowCursor
{
    private readonly KNearestNeighborsModel _model;
    private readonly DataViewRowCursor _lagging;
    private readonly DataViewRowCursor? _ahead;
    private readonly ValueGetter<VBuffer<float>>? _getFeatures;
    private readonly HashSet<int> _outputsActive;
    private readonly int _scoreIndex;
    private readonly int _blockSize;
    private readonly float[] _block;       // [blockSize, D] features of the current block
    private float[] _scores = [];          // [rowsInBlock, K]
    private int[] _predicted = [];         // [rowsInBlock]
    private long _blockStart;
    private int _rowsInBlock;
    private long _position = -1;

    public KnnCursor(DataViewSchema schema, KNearestNeighborsModel model, IDataView input, DataViewSchema.Column[] inputColumns, DataViewSchema.Column feature,
        HashSet<int> outputsActive, int inputColumnCount, int blockSize)
    {
        _model = model;
        _lagging = input.GetRowCursor(inputColumns);
        _outputsActive = outputsActive;
        _scoreIndex = inputColumnCount;
        _blockSize = blockSize;
        _block = outputsActive.Count > 0 ? new float[blockSize * model.Dimension] : [];
        if (outputsActive.Count > 0)
        {
            _ahead = input.GetRowCursor([feature]);
            _getFeatures = _ahead.GetGetter<VBuffer<float>>(feature);
        }
        Schema = schema;
    }

    public override DataViewSchema Schema { get; }

    public override long Position => _position;

    public override long Batch => 0;

    public override bool MoveNext()
    {
        if (!_lagging.MoveNext()) return false;
        _position++;
        if (_ahead is not null && _position >= _blockStart + _rowsInBlock)
            PredictNextBlock();
        return true;
    }

    public override bool IsColumnActive(DataViewSchema.Column column) =>
        column.Index < _scoreIndex ? _lagging.IsColumnActive(_lagging.Schema[column.Index]) : _outputsActive.Contains(column.Index);

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        if (column.Index < _scoreIndex)
            return _lagging.GetGetter<TValue>(_lagging.Schema[column.Index]);
        if (!_outputsActive.Contains(column.Index))
            throw new InvalidOperationException($"column '{column.Name}' is not active in this cursor");
        var k = _model.ClassCount;
        if (column.Index == _scoreIndex)
        {
            ValueGetter<VBuffer<float>> scores = (ref VBuffer<float> value) =>
            {
                var editor = VBufferEditor.Create(ref value, k);
                _scores.AsSpan(RowInBlock * k, k).CopyTo(editor.Values);
                value = editor.Commit();
            };
            return (ValueGetter<TValue>)(Delegate)scores;
        }
        ValueGetter<uint> predicted = (ref uint value) => value = (uint)_predicted[RowInBlock] + 1; // keys are 1-based
        return (ValueGetter<TValue>)(Delegate)predicted;
    }

    public override ValueGetter<DataViewRowId> GetIdGetter() => _lagging.GetIdGetter();

    private int RowInBlock => (int)(_position - _blockStart);

    private void PredictNextBlock()
    {
        var d = _model.Dimension;
        _blockStart = _position;
        _rowsInBlock = 0;
        VBuffer<float> features = default;
        while (_rowsInBlock < _blockSize && _ahead!.MoveNext())
        {
            _getFeatures!(ref features);
            if (features.Length != d)
                throw new InvalidDataException($"row {_blockStart + _rowsInBlock + 1}: {features.Length} features, the model expects {d}");
            features.CopyTo(_block.AsSpan(_rowsInBlock * d, d));
            _rowsInBlock++;
        }
        try
        {
            (_scores, _predicted) = _model.Predict(_block.AsSpan(0, _rowsInBlock * d));
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"rows {_blockStart}..{_blockStart + _rowsInBlock - 1}: {e.Message}", e);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _lagging.Dispose();
            _ahead?.Dispose();
        }
        base.Dispose(disposing);
    }
}
