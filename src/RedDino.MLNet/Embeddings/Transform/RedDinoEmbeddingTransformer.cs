using Microsoft.ML;
using Microsoft.ML.Data;

namespace RedDino.MLNet.Embeddings;

/// <summary>Adds a column of RedDino embeddings (float[D]) computed from an image column (path, bytes or
/// MLImage) with the reference preprocessing and batched ONNX Runtime. Owns the ONNX Runtime session:
/// dispose it when done. Made by <see cref="RedDinoEmbeddingEstimator.Fit"/>.</summary>
public sealed class RedDinoEmbeddingTransformer : ITransformer, IDisposable
{
    internal RedDinoEmbeddingTransformer(EmbeddingEngine engine, string outputColumnName, string inputColumnName)
    {
        Engine = engine;
        OutputColumnName = outputColumnName;
        InputColumnName = inputColumnName;
    }

    internal EmbeddingEngine Engine { get; }

    /// <summary>The crop-box columns read beside the image column, or null.</summary>
    internal CropColumns? Crop => CropColumns.From(Engine.Options);

    /// <summary>Name of the embedding column added.</summary>
    public string OutputColumnName { get; }

    /// <summary>Name of the image column read.</summary>
    public string InputColumnName { get; }

    /// <summary>The backbone: embedding size, preprocessing, sha256.</summary>
    public RedDinoModelInfo Model => Engine.Model;

    /// <summary>Where inference runs: "cpu" or "cuda:N".</summary>
    public string Device => Engine.Device;

    /// <summary>True once disposed (the session is released and the transformer can no longer run).</summary>
    public bool IsDisposed => Engine.IsDisposed;

    /// <summary>The embedding column's type: a vector of <see cref="RedDinoModelInfo.EmbedDim"/> floats.</summary>
    public VectorDataViewType OutputType => new(NumberDataViewType.Single, Engine.EmbedDim);

    /// <summary>True: the transformer is also a row-to-row mapper (PredictionEngine works).</summary>
    public bool IsRowToRowMapper => true;

    /// <summary>The input columns followed by the embedding column.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The image column is missing or of another type.</exception>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        CheckInput(inputSchema);
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(inputSchema);
        builder.AddColumn(OutputColumnName, OutputType);
        return builder.ToSchema();
    }

    /// <summary>The input with the embedding column added; embeddings are computed when a cursor reads them.</summary>
    public IDataView Transform(IDataView input)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        return new EmbeddingDataView(this, input);
    }

    /// <summary>A mapper computing one row at a time (used by PredictionEngine).</summary>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        return new EmbeddingRowMapper(this, inputSchema);
    }

    /// <summary>Not possible through ML.NET's public API (ModelSaveContext has no public members); save
    /// with the project's bundle format instead.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    void ICanSaveModel.Save(ModelSaveContext ctx) => throw new NotSupportedException(
        "A RedDino embedding transformer cannot be saved into an ML.NET model zip (ML.NET's save API is internal). " +
        "Save the fitted pipeline as a RedDino bundle with mlContext.Model.SaveRedDino(...) instead; the ONNX backbone " +
        $"'{Model.Path}' is stored inside it.");

    /// <summary>Releases the ONNX Runtime session.</summary>
    public void Dispose() => Engine.Dispose();

    internal void CheckInput(DataViewSchema inputSchema)
    {
        var column = inputSchema.GetColumnOrNull(InputColumnName)
            ?? throw new ArgumentOutOfRangeException(nameof(inputSchema), $"Could not find input column '{InputColumnName}'");
        if (ImageInputColumn.Classify(column.Type) is null)
            throw new ArgumentOutOfRangeException(nameof(inputSchema),
                $"Schema mismatch for input column '{InputColumnName}': expected {ImageInputColumn.Expected}, got {column.Type}");
        Crop?.Check(inputSchema);
    }
}
