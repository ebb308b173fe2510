using Microsoft.ML;
using Microsoft.ML.Data;
using RedDino.MLNet.Embeddings;
using RedDino.Formats.Manifests;
using RedDino.MLNet.DataViews;

namespace RedDino.MLNet.Bundles;

/// <summary>A loaded model bundle: predicts classes from images. As an ML.NET transformer it reads a
/// text column of image paths (<see cref="RedDinoBundleOptions.ImageColumnName"/>) and adds the
/// embedding column, <c>Score</c> [K] and a key-typed <c>PredictedLabel</c> whose KeyValues are
/// <see cref="Classes"/>. <see cref="Predict(string, CropBox?)"/> does one image. Made by
/// <c>mlContext.Model.LoadRedDino(path)</c>; dispose it to release the ONNX Runtime sessions.</summary>
public sealed class RedDinoBundle : ITransformer, IDisposable
{
    internal RedDinoBundle(BundleManifest manifest, RedDinoEmbeddingTransformer embedding, ITransformer head, string path)
    {
        Manifest = manifest;
        Embedding = embedding;
        Head = head;
        Path = path;
        FeatureColumnName = embedding.OutputColumnName;
    }

    /// <summary>bundle.json: classes, backbone and head entries, card.</summary>
    public BundleManifest Manifest { get; }

    /// <summary>The bundle file it was loaded from.</summary>
    public string Path { get; }

    /// <summary>Class names; position = class index = PredictedLabel key - 1.</summary>
    public IReadOnlyList<string> Classes => Manifest.Classes;

    /// <summary>The embedding step (image column -> <see cref="FeatureColumnName"/>).</summary>
    public RedDinoEmbeddingTransformer Embedding { get; }

    /// <summary>The classifier on the embeddings (k-NN transformer or the ML.NET model from head.mlnet).</summary>
    public ITransformer Head { get; }

    /// <summary>The embedding column the head reads.</summary>
    public string FeatureColumnName { get; }

    /// <summary>False: the head predicts in blocks (use <see cref="Predict(string, CropBox?)"/> for single images).</summary>
    public bool IsRowToRowMapper => false;

    /// <summary>Input columns + embedding + Score + PredictedLabel.</summary>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => Head.GetOutputSchema(Embedding.GetOutputSchema(inputSchema));

    /// <summary>Embeds the images of the image column and classifies them (lazily).</summary>
    public IDataView Transform(IDataView input) => Head.Transform(Embedding.Transform(input));

    /// <summary>Not supported: see <see cref="IsRowToRowMapper"/>.</summary>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) =>
        throw new NotSupportedException("A RedDino bundle predicts in blocks: use Transform, or Predict for single images.");

    /// <summary>Always throws: save bundles with <c>mlContext.Model.SaveRedDino</c>.</summary>
    void ICanSaveModel.Save(ModelSaveContext ctx) => throw new NotSupportedException(
        "A RedDino bundle cannot be saved into an ML.NET model zip (ML.NET's save API is internal): use mlContext.Model.SaveRedDino(bundle, path).");

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
        var scores = output.GetColumn<float[]>("Score").ToArray();
        var keys = output.GetColumn<uint>("PredictedLabel").ToArray();
        return keys.Select((key, i) => key >= 1 && key <= Classes.Count
            ? new BundlePrediction(Classes[(int)key - 1], (int)key - 1, scores[i])
            : throw new InvalidOperationException($"the head predicted key {key}, outside 1..{Classes.Count}")).ToArray();
    }

    /// <summary>Releases the ONNX Runtime sessions of the backbone and of a k-NN head.</summary>
    public void Dispose()
    {
        Embedding.Dispose();
        (Head as IDisposable)?.Dispose();
    }
}
