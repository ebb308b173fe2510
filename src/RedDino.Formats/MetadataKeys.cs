namespace RedDino.Formats;

/// <summary>Every <c>reddino.*</c> metadata key of the project's files, spelled once: the ONNX backbone's
/// metadata_props (docs/formats/onnx-backbone.md) and the key-value metadata of Parquet embeddings files
/// (docs/formats/embeddings.md). Values are strings in invariant culture.</summary>
public static class MetadataKeys
{
    /// <summary>Format version of the file ("1").</summary>
    public const string FormatVersion = "reddino.format_version";

    /// <summary>Architecture, e.g. "vits14", "resnet18-imagenet" (ONNX).</summary>
    public const string Arch = "reddino.arch";

    /// <summary>Embedding dimension D (ONNX and Parquet).</summary>
    public const string EmbedDim = "reddino.embed_dim";

    /// <summary>Input side S (ONNX).</summary>
    public const string ImageSize = "reddino.image_size";

    /// <summary>Patch size, ViTs only (ONNX).</summary>
    public const string PatchSize = "reddino.patch_size";

    /// <summary>How images are resized to S: "bilinear", Pillow-style (ONNX).</summary>
    public const string Resize = "reddino.resize";

    /// <summary>uint8 values are divided by it (ONNX).</summary>
    public const string PixelScale = "reddino.pixel_scale";

    /// <summary>Three comma-separated RGB means, applied after scaling (ONNX).</summary>
    public const string Mean = "reddino.mean";

    /// <summary>Three comma-separated RGB standard deviations, applied after scaling (ONNX).</summary>
    public const string Std = "reddino.std";

    /// <summary>sha256 of the checkpoint the model came from (ONNX).</summary>
    public const string SourceSha256 = "reddino.source_sha256";

    /// <summary>sha256 of the ONNX model that made the embeddings (Parquet).</summary>
    public const string ModelSha256 = "reddino.model_sha256";

    /// <summary>Name of the backbone that made the embeddings (Parquet).</summary>
    public const string ModelName = "reddino.model_name";
}
