using Microsoft.ML;
using RedDino.MLNet.Embeddings;

namespace RedDino.MLNet;

/// <summary>ML.NET catalog entry points of RedDino.MLNet's embedding transform.</summary>
public static class RedDinoEmbeddingCatalog
{
    /// <summary>Adds a column of RedDino embeddings (a vector of D floats, D from the model) computed from
    /// an image column with the reference preprocessing (Pillow bilinear resize, normalisation from the
    /// model's <c>reddino.*</c> metadata) and batched ONNX Runtime inference.</summary>
    /// <param name="catalog">The transforms catalog (<c>mlContext.Transforms</c>).</param>
    /// <param name="outputColumnName">Name of the embedding column to add.</param>
    /// <param name="inputColumnName">The image column: a path (text), the encoded file (vector of bytes) or an MLImage.</param>
    /// <param name="modelPath">An ONNX backbone with input <c>pixel_values</c> and output <c>embedding</c> (e.g. from
    /// <c>reddino export</c>), or a Hugging Face / timm RedDino (or DINOv2-layout) <c>model.safetensors</c>, converted to ONNX
    /// in process (no LibTorch) and cached by content hash in <see cref="RedDinoEmbeddingOptions.ModelCacheFolder"/>.</param>
    /// <param name="options">Batch size, threads, device, cache; null for <see cref="RedDinoEmbeddingDefaults"/>.</param>
    /// <example><code>
    /// var pipeline = mlContext.Transforms.Conversion.MapValueToKey("Label")
    ///     .Append(mlContext.Transforms.ExtractRedDinoEmbeddings("Features", "ImagePath", "reddino-small.onnx"))
    ///     .Append(mlContext.MulticlassClassification.Trainers.LbfgsMaximumEntropy());
    /// </code></example>
    public static RedDinoEmbeddingEstimator ExtractRedDinoEmbeddings(this TransformsCatalog catalog, string outputColumnName,
        string inputColumnName, string modelPath, RedDinoEmbeddingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentException.ThrowIfNullOrEmpty(outputColumnName);
        ArgumentException.ThrowIfNullOrEmpty(inputColumnName);
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        return new RedDinoEmbeddingEstimator(catalog, outputColumnName, inputColumnName, modelPath, options);
    }
}
