namespace RedDino.MLNet.Embeddings;

/// <summary>The <c>reddino.*</c> metadata_props keys of the contract.</summary>
public static class MetadataKeys
{
    /// <summary>"1".</summary>
    public const string FormatVersion = "reddino.format_version";
    /// <summary>e.g. "vits14".</summary>
    public const string Arch = "reddino.arch";
    /// <summary>Embedding dimension D.</summary>
    public const string EmbedDim = "reddino.embed_dim";
    /// <summary>Input side S.</summary>
    public const string ImageSize = "reddino.image_size";
    /// <summary>Patch size (ViTs).</summary>
    public const string PatchSize = "reddino.patch_size";
    /// <summary>"bilinear".</summary>
    public const string Resize = "reddino.resize";
    /// <summary>uint8 values are divided by it.</summary>
    public const string PixelScale = "reddino.pixel_scale";
    /// <summary>Three comma-separated RGB values.</summary>
    public const string Mean = "reddino.mean";
    /// <summary>Three comma-separated RGB values.</summary>
    public const string Std = "reddino.std";
    /// <summary>sha256 of the checkpoint the model came from.</summary>
    public const string SourceSha256 = "reddino.source_sha256";
}
