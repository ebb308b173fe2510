using RedDino.MLNet.Embeddings;

namespace RedDino.MLNet.Bundles;

/// <summary>How a loaded bundle runs.</summary>
public sealed class RedDinoBundleOptions
{
    /// <summary>The image column (path, bytes or MLImage) that <see cref="RedDinoBundle.Transform"/> reads; null: the column
    /// the pipeline was trained on, as the bundle records it ("ImagePath" for bundles older than format 3).</summary>
    public string? ImageColumnName;

    /// <summary>A key-typed column of this name in the data given to <see cref="RedDinoBundle.Transform"/> (the label, for
    /// <c>mlContext.MulticlassClassification.Evaluate</c>) must have the bundle's classes as its keys, in the bundle's
    /// order; otherwise Transform refuses the data (metrics would compare different classes).</summary>
    public string LabelColumnName = "Label";

    /// <summary>Batch size, threads, device and cache of the embedding step (null: its defaults). Its
    /// <see cref="RedDinoEmbeddingOptions.ImageFolder"/>, when null, is the folder the bundle records.</summary>
    public RedDinoEmbeddingOptions? Embedding;

    /// <summary>Folder the backbone is unpacked into while the bundle is loaded (null: the system temp
    /// folder). Each load has its own file, deleted when the bundle is disposed.</summary>
    public string? ExtractionFolder;
}

/// <summary>One prediction of a bundle.</summary>
/// <param name="Label">Predicted class name.</param>
/// <param name="ClassIndex">Predicted class index (into <see cref="RedDinoBundle.Classes"/>).</param>
/// <param name="Scores">Per-class scores [K]: k-NN vote fractions, or the linear probe's probabilities.</param>
public sealed record BundlePrediction(string Label, int ClassIndex, IReadOnlyList<float> Scores);
