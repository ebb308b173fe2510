using Microsoft.ML;

namespace RedDino.MLNet.Embeddings;

/// <summary>What <see cref="RedDinoEmbeddingTransformer.Transform"/> returns: the input's columns plus the
/// embedding column, computed lazily in batches by <see cref="EmbeddingCursor"/>.</summary>
internal sealed class EmbeddingDataView : IDataView
{
    private readonly RedDinoEmbeddingTransformer _transformer;
    private readonly IDataView _input;

    public EmbeddingDataView(RedDinoEmbeddingTransformer transformer, IDataView input)
    {
        _transformer = transformer;
        _input = input;
        Schema = transformer.GetOutputSchema(input.Schema);
    }

    public DataViewSchema Schema { get; }

    public bool CanShuffle => _input.CanShuffle;

    public long? GetRowCount() => _input.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var active = columnsNeeded.Select(c => Schema[c.Index]).DistinctBy(c => c.Index).ToList();
        var outputIndex = Schema.Count - 1;
        var needEmbedding = active.Any(c => c.Index == outputIndex);
        // Upstream columns: the pass-through ones asked for, plus the image (and crop-box) columns when embedding.
        var upstreamColumns = active.Where(c => c.Index != outputIndex).Select(c => _input.Schema[c.Index]).ToList();
        if (needEmbedding)
        {
            upstreamColumns.Add(_input.Schema[_transformer.InputColumnName]);
            if (_transformer.Crop is { } crop) upstreamColumns.AddRange(crop.Columns(_input.Schema));
        }
        var upstream = _input.GetRowCursor(upstreamColumns.DistinctBy(c => c.Index), rand);
        return needEmbedding
            ? new EmbeddingCursor(_transformer, Schema, upstream, active)
            : new PassThroughCursor(Schema, upstream);
    }

    // One cursor: batching already parallelises decoding and inference inside it.
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];
}
