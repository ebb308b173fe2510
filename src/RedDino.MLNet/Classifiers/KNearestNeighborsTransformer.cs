using Microsoft.ML;
using Microsoft.ML.Data;
using RedDino.MLNet.Classifiers.Knn;

namespace RedDino.MLNet.Classifiers;

/// <summary>A fitted k-NN classifier as an ML.NET transformer. Adds <c>Score</c> (per-class vote
/// fractions, vector of Single [K] with the class names as SlotNames) and <c>PredictedLabel</c> (the
/// label's key type, with its KeyValues), so <c>mlContext.MulticlassClassification.Evaluate</c> and
/// <c>MapKeyToValue</c> work on the output. Rows are predicted lazily in blocks of
/// <see cref="NeighborSearchOptions.QueryBlockSize"/>.</summary>
/// <remarks>ML.NET's model zip cannot hold third-party state: save it with
/// <c>mlContext.Model.SaveRedDino(...)</c> (a model bundle) instead of <c>mlContext.Model.Save</c>.</remarks>
public sealed class KNearestNeighborsTransformer : ITransformer, IDisposable
{
    private readonly DataViewType _labelType;
    private readonly DataViewSchema.Annotations _labelAnnotations;
    private readonly KNearestNeighborsOptions _options;

    internal KNearestNeighborsTransformer(KNearestNeighborsModel model, DataViewType labelType,
        DataViewSchema.Annotations labelAnnotations, KNearestNeighborsOptions options)
    {
        Model = model;
        _labelType = labelType;
        _labelAnnotations = labelAnnotations;
        _options = options;
        Rows = new KnnRows(model, options.FeatureColumnName, [
            new DataViewSchema.DetachedColumn(options.ScoreColumnName, new VectorDataViewType(NumberDataViewType.Single, model.ClassCount), ScoreAnnotations()),
            new DataViewSchema.DetachedColumn(options.PredictedLabelColumnName, labelType, PredictedLabelAnnotations()),
        ]);
    }

    private KnnRows Rows { get; }

    /// <summary>Name of the key-typed label column the model was fitted on.</summary>
    public string LabelColumnName => _options.LabelColumnName;

    /// <summary>The fitted references and settings.</summary>
    public KNearestNeighborsModel Model { get; }

    /// <summary>Name of the feature column read.</summary>
    public string FeatureColumnName => _options.FeatureColumnName;

    /// <summary>True: besides <see cref="Transform"/> (which predicts in blocks) it maps single rows, so
    /// <c>mlContext.Model.CreatePredictionEngine</c> (and PredictionEnginePool) works on a k-NN pipeline.</summary>
    public bool IsRowToRowMapper => true;

    /// <summary>The input columns plus Score and PredictedLabel.</summary>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        CheckFeature(inputSchema);
        return Rows.OutputSchema(inputSchema);
    }

    /// <summary>Lazily predicts every row of <paramref name="input"/>.</summary>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new KnnDataView(this, input, GetOutputSchema(input.Schema), input.Schema[_options.FeatureColumnName]);
    }

    /// <summary>Predicts one row at a time (PredictionEngine); <see cref="Transform"/> is faster for many rows.</summary>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        CheckFeature(inputSchema);
        return Rows.Mapper(inputSchema);
    }

    /// <summary>Always throws: see the remarks.</summary>
    void ICanSaveModel.Save(ModelSaveContext ctx) => throw SaveNotSupported.For(nameof(KNearestNeighborsTransformer));

    /// <summary>Releases the search's ONNX Runtime session.</summary>
    public void Dispose() => Model.Dispose();

    private void CheckFeature(DataViewSchema schema)
    {
        var feature = KnnColumns.Feature(schema, _options.FeatureColumnName);
        var size = ((VectorDataViewType)feature.Type).Size;
        if (size != Model.Dimension)
            throw new ArgumentOutOfRangeException(nameof(schema), $"Feature column '{feature.Name}' has {size} values; the model was fitted on {Model.Dimension}");
    }

    private DataViewSchema.Annotations ScoreAnnotations()
    {
        var builder = new DataViewSchema.Annotations.Builder();
        builder.Add(KnnColumns.SlotNamesKind, new VectorDataViewType(TextDataViewType.Instance, Model.ClassCount),
            (ref VBuffer<ReadOnlyMemory<char>> value) =>
                value = new VBuffer<ReadOnlyMemory<char>>(Model.ClassCount, Model.ClassNames.Select(n => n.AsMemory()).ToArray()));
        return builder.ToAnnotations();
    }

    // The label's KeyValues, so that MapKeyToValue turns predictions back into class names.
    private DataViewSchema.Annotations PredictedLabelAnnotations()
    {
        var builder = new DataViewSchema.Annotations.Builder();
        if (_labelAnnotations.Schema.GetColumnOrNull(KnnColumns.KeyValuesKind) is { } keyValues)
            builder.Add(keyValues.Name, keyValues.Type, (ref VBuffer<ReadOnlyMemory<char>> value) => _labelAnnotations.GetValue(KnnColumns.KeyValuesKind, ref value));
        return builder.ToAnnotations();
    }
}
