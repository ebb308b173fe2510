using System.Text.Json.Nodes;
using RedDino.Formats.Manifests;

namespace RedDino.MLNet.Embeddings;

/// <summary>What produced an embeddings file (docs/formats/embeddings.md). Written beside a CSV
/// as FILE.csv.json and into a Parquet file's key-value metadata.</summary>
/// <param name="ModelSha256">sha256 of the ONNX model file's bytes.</param>
/// <param name="ModelName">Human name of the backbone (e.g. the ONNX file stem).</param>
/// <param name="EmbedDim">Embedding dimension D.</param>
/// <param name="Preprocessing">The preprocessing settings used (image size, resize, scale, mean, std), or null.</param>
/// <param name="FormatVersion">Embedding file format version (currently 1).</param>
public sealed record EmbeddingFileInfo(
    string ModelSha256,
    string ModelName,
    int EmbedDim,
    JsonObject? Preprocessing = null,
    int FormatVersion = EmbeddingFileInfo.CurrentFormatVersion)
{
    /// <summary>Format history: 1 = manifest columns + f0..f{D-1} (CSV) or an `embedding` float list (Parquet).</summary>
    public const int CurrentFormatVersion = 1;
}
