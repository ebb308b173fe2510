using RedDino.MLNet.Embeddings;

namespace RedDino.MLNet.Bundles;

/// <summary>How a loaded bundle runs.</summary>
public sealed class RedDinoBundleOptions
{
    /// <summary>The text column holding image paths that <see cref="RedDinoBundle.Transform"/> reads.</summary>
    public string ImageColumnName = "ImagePath";

    /// <summary>Batch size, threads, device and cache of the embedding step (null: its defaults).</summary>
    public RedDinoEmbeddingOptions? Embedding;

    /// <summary>Folder the backbone is unpacked into, named by its sha256 and reused across loads
    /// (null: "reddino-bundles" under the system temp folder).</summary>
    public string? ExtractionFolder;
}

/// <summary>One prediction of a bundle.</summary>
/// <param name="Label">Predicted class name.</param>
/// <param name="ClassIndex">Predicted class index (into <see cref="RedDinoBundle.Classes"/>).</param>
/// <param name="Scores">Per-class scores [K]: k-NN vote fractions, or the linear probe's probabilities.</param>
public sealed record BundlePrediction(string Label, int ClassIndex, IReadOnlyList<float> Scores);
