using Microsoft.ML;
using Microsoft.ML.Data;
using RedDino.MLNet.DataViews;

namespace RedDino.MLNet.Embeddings;

/// <summary>Estimator for <see cref="RedDinoEmbeddingTransformer"/>: checks the image column and the ONNX
/// model (both at <see cref="GetOutputSchema"/> and at <see cref="Fit"/>); fitting opens the session.
/// Made by <c>mlContext.Transforms.ExtractRedDinoEmbeddings(...)</c>.</summary>
public sealed class RedDinoEmbeddingEstimator : IEstimator<RedDinoEmbeddingTransformer>
{
    private readonly TransformsCatalog _catalog;
    private readonly string _outputColumnName;
    private readonly string _inputColumnName;
    private readonly string _modelPath;
    private readonly RedDinoEmbeddingOptions _options;

    internal RedDinoEmbeddingEstimator(TransformsCatalog catalog, string outputColumnName, string inputColumnName, string modelPath, RedDinoEmbeddingOptions? options)
    {
        _catalog = catalog;
        _outputColumnName = outputColumnName;
        _inputColumnName = inputColumnName;
        _modelPath = modelPath;
        _options = options?.Clone() ?? new RedDinoEmbeddingOptions();
        _options.Validate();
        // Notices (e.g. the CUDA fallback) go to the caller's sink, else to the context's log.
        _options.Log ??= CatalogEnvironment.Notices(catalog);
    }

    /// <summary>The input's columns plus a known-size float vector column.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The image column is missing or of another type.</exception>
    /// <exception cref="InvalidDataException">The model is not an ONNX backbone with <c>pixel_values</c> -&gt; <c>embedding</c>.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        var column = inputSchema.Where(c => c.Name == _inputColumnName).Select(c => (SchemaShape.Column?)c).LastOrDefault()
            ?? throw new ArgumentOutOfRangeException(nameof(inputSchema), $"Could not find input column '{_inputColumnName}'");
        if (ImageInputColumn.Classify(column) is null)
            throw new ArgumentOutOfRangeException(nameof(inputSchema),
                $"Schema mismatch for input column '{_inputColumnName}': expected {ImageInputColumn.Expected}, got {Describe(column)}");
        CropColumns.From(_options)?.Check(inputSchema);
        var dim = RedDinoModelInfo.ReadBackbone(_modelPath, _options.ModelCacheFolder).EmbedDim;

        // SchemaShape.Column has no public constructor: a stock CustomMapping with a typed schema
        // definition describes the new column, and its shape is taken over.
        var output = SchemaDefinition.Create(typeof(EmbeddingRow));
        output[0].ColumnName = _outputColumnName;
        output[0].ColumnType = new VectorDataViewType(NumberDataViewType.Single, dim);
        var describer = _catalog.CustomMapping<NoColumns, EmbeddingRow>((_, _) => { }, contractName: null,
            inputSchemaDefinition: SchemaDefinition.Create(typeof(NoColumns)), outputSchemaDefinition: output);
        return describer.GetOutputSchema(inputSchema);
    }

    /// <summary>Checks the input schema and opens the model on the configured device.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The image column is missing or of another type.</exception>
    /// <exception cref="InvalidDataException">The model is not an ONNX backbone with <c>pixel_values</c> -&gt; <c>embedding</c>.</exception>
    public RedDinoEmbeddingTransformer Fit(IDataView input)
    {
        var engine = new EmbeddingEngine(_modelPath, _options);
        var transformer = new RedDinoEmbeddingTransformer(engine, _outputColumnName, _inputColumnName);
        try
        {
            transformer.CheckInput(input.Schema);
            return transformer;
        }
        catch
        {
            transformer.Dispose();
            throw;
        }
    }

    private static string Describe(SchemaShape.Column column) => column.Kind switch
    {
        SchemaShape.Column.VectorKind.Scalar => column.ItemType?.ToString() ?? "?",
        _ => $"Vector<{column.ItemType}>",
    };

    private sealed class NoColumns;

    private sealed class EmbeddingRow
    {
        public float[] Embedding = [];
    }
}
