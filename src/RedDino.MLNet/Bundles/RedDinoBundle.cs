using Microsoft.ML;
using Microsoft.ML.Data;
using RedDino.MLNet.Embeddings;
using RedDino.Formats.Manifests;
using RedDino.MLNet.DataViews;

namespace RedDino.MLNet.Bundles;

/// <summary>A loaded model bundle: predicts classes from images. As an ML.NET transformer it reads the image column the
/// pipeline was trained on (recorded in the bundle; <see cref="RedDinoBundleOptions.ImageColumnName"/> overrides it) and
/// adds the embedding column, <c>Score</c> [K] and a key-typed <c>PredictedLabel</c> whose KeyValues are
/// <see cref="Classes"/>; it is a row-to-row mapper, so <c>mlContext.Model.CreatePredictionEngine</c> (and
/// PredictionEnginePool) serve it. <see cref="Predict(string, CropBox?)"/> does one image. Made by
/// <c>mlContext.Model.LoadRedDino(path)</c>; dispose it to release the ONNX Runtime sessions.</summary>
public sealed class RedDinoBundle : ITransformer, IDisposable
{
    private const string SaveMessage =
        "A RedDino bundle cannot be saved into an ML.NET model zip (ML.NET's save API is internal): use mlContext.Model.SaveRedDino(bundle, path).";

    private readonly IDisposable _unpackedBackbone;
    private readonly ITransformer? _order;
    private readonly ITransformer _all;
    private readonly string _labelColumn;

    internal RedDinoBundle(BundleManifest manifest, RedDinoEmbeddingTransformer embedding, ITransformer head, ClassOrder? order,
        string labelColumn, string path, IDisposable unpackedBackbone)
    {
        _unpackedBackbone = unpackedBackbone;
        _order = order?.AsTransformer(SaveMessage);
        _labelColumn = labelColumn;
        Manifest = manifest;
        Embedding = embedding;
        Head = head;
        Path = path;
        FeatureColumnName = embedding.OutputColumnName;
        _all = _order is null ? new TransformerChain<ITransformer>(embedding, head) : new TransformerChain<ITransformer>(embedding, head, _order);
    }

    /// <summary>bundle.json: classes, input column, backbone and head entries, card.</summary>
    public BundleManifest Manifest { get; }

    /// <summary>The bundle file it was loaded from.</summary>
    public string Path { get; }

    /// <summary>Class names in ordinal order; position = class index = PredictedLabel key - 1. Key the labels of data to
    /// evaluate with <c>mlContext.Transforms.Conversion.MapValueToClassKey(bundle.Classes)</c>.</summary>
    public IReadOnlyList<string> Classes => Manifest.Classes;

    /// <summary>The embedding step (image column -> <see cref="FeatureColumnName"/>).</summary>
    public RedDinoEmbeddingTransformer Embedding { get; }

    /// <summary>The stored head on the embeddings: the ML.NET chain of head.mlnet (transforms and classifier), or the
    /// k-NN transformer (after the chain of transforms.mlnet, when there is one). Its keys may follow the training
    /// pipeline's order; the bundle's output follows <see cref="Classes"/>.</summary>
    public ITransformer Head { get; }

    /// <summary>The embedding column the head reads.</summary>
    public string FeatureColumnName { get; }

    /// <summary>The image column <see cref="Transform"/> reads.</summary>
    public string ImageColumnName => Embedding.InputColumnName;

    /// <summary>True: the bundle maps single rows, so <c>mlContext.Model.CreatePredictionEngine</c> works on it.</summary>
    public bool IsRowToRowMapper => true;

    /// <summary>Input columns + embedding + the head's columns, ending with Score and PredictedLabel over <see cref="Classes"/>.</summary>
    /// <exception cref="InvalidDataException">The input has a key-typed label column whose keys are not <see cref="Classes"/> in order.</exception>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        CheckLabels(inputSchema);
        return _all.GetOutputSchema(inputSchema);
    }

    /// <summary>Embeds the images of the image column and classifies them (lazily).</summary>
    /// <exception cref="InvalidDataException">The input has a key-typed label column whose keys are not <see cref="Classes"/> in
    /// order (e.g. MapValueToKey's first-seen order): evaluating such output would compare different classes.</exception>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckLabels(input.Schema);
        return _all.Transform(input);
    }

    /// <summary>One row at a time: embedding, head and class order (used by PredictionEngine).</summary>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
    {
        CheckLabels(inputSchema);
        return _all.GetRowToRowMapper(inputSchema);
    }

    /// <summary>Always throws: save bundles with <c>mlContext.Model.SaveRedDino</c>.</summary>
    void ICanSaveModel.Save(ModelSaveContext ctx) => throw new NotSupportedException(SaveMessage);

    /// <summary>Classifies one image file (optionally a crop box of it).</summary>
    public BundlePrediction Predict(string imagePath, CropBox? crop = null) => Predict(ImageRequest.FromFile(imagePath, crop));

    /// <summary>Classifies one image (file, bytes or decoded image).</summary>
    public BundlePrediction Predict(ImageRequest image) => PredictEmbeddings(Embedding.Engine.Embed(image), 1)[0];

    /// <summary>Classifies every row of a manifest (paths resolve against <paramref name="dataRoot"/> or the manifest's folder).</summary>
    /// <exception cref="InvalidDataException">An image cannot be read (names the manifest row).</exception>
    public IReadOnlyList<BundlePrediction> Predict(Manifest manifest, string? dataRoot = null,
        IProgress<EmbeddingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var set = Embedding.Engine.Embed(manifest, dataRoot, progress, cancellationToken);
        return PredictEmbeddings(set.Values, set.Count);
    }

    /// <summary>Classifies precomputed embeddings ([count, D] row-major, from this bundle's backbone).</summary>
    public IReadOnlyList<BundlePrediction> PredictEmbeddings(float[] embeddings, int count)
    {
        var dim = Embedding.Model.EmbedDim;
        if (embeddings.Length != count * dim)
            throw new ArgumentException($"{embeddings.Length} values are not {count} embeddings of {dim}", nameof(embeddings));
        var output = Head.Transform(new InMemoryDataView(count).AddVector(FeatureColumnName, embeddings, dim));
        if (_order is not null) output = _order.Transform(output);
        var scores = output.GetColumn<float[]>(BundleParts.ScoreColumn).ToArray();
        var keys = output.GetColumn<uint>(BundleParts.PredictedLabelColumn).ToArray();
        return keys.Select((key, i) => key >= 1 && key <= Classes.Count
            ? new BundlePrediction(Classes[(int)key - 1], (int)key - 1, scores[i])
            : throw new InvalidOperationException($"the head predicted key {key}, outside 1..{Classes.Count}")).ToArray();
    }

    /// <summary>Releases the ONNX Runtime sessions of the backbone and of a k-NN head, and deletes the
    /// backbone file unpacked from the bundle.</summary>
    public void Dispose()
    {
        Embedding.Dispose();
        foreach (var step in BundleParts.Flatten(Head))
            (step as IDisposable)?.Dispose();
        _unpackedBackbone.Dispose();
    }

    private void CheckLabels(DataViewSchema input) => ClassOrder.CheckLabelKeys(input, _labelColumn, Classes, Path);
}
