using System.Globalization;

namespace RedDino.Formats.Onnx;

/// <summary>The <c>reddino.*</c> metadata_props of one backbone file (docs/formats/onnx-backbone.md).
/// Defaults are the published RedDino preprocessing.</summary>
/// <param name="Arch">reddino.arch, e.g. "vits14" or "resnet18-imagenet".</param>
/// <param name="EmbedDim">reddino.embed_dim: D of the <c>embedding</c> output.</param>
/// <param name="ImageSize">reddino.image_size: the input side S.</param>
/// <param name="SourceSha256">reddino.source_sha256: the checkpoint the weights came from.</param>
/// <param name="PatchSize">reddino.patch_size, ViTs only (null leaves the key out).</param>
public sealed record BackboneMetadata(string Arch, int EmbedDim, int ImageSize, string SourceSha256, int? PatchSize = null)
{
    /// <summary>reddino.resize: how callers bring images to S.</summary>
    public string Resize { get; init; } = BackboneContract.BilinearResize;

    /// <summary>reddino.pixel_scale: uint8 values are divided by it.</summary>
    public double PixelScale { get; init; } = BackboneContract.DefaultPixelScale;

    /// <summary>reddino.mean: RGB, applied after scaling.</summary>
    public IReadOnlyList<double> Mean { get; init; } = BackboneContract.ImageNetMean;

    /// <summary>reddino.std: RGB, applied after scaling.</summary>
    public IReadOnlyList<double> Std { get; init; } = BackboneContract.ImageNetStd;

    /// <summary>The key-value pairs in the contract's order (format version first, source last).</summary>
    public IReadOnlyList<(string Key, string Value)> ToProperties()
    {
        var properties = new List<(string, string)>
        {
            (MetadataKeys.FormatVersion, Text(BackboneContract.FormatVersion)),
            (MetadataKeys.Arch, Arch),
            (MetadataKeys.EmbedDim, Text(EmbedDim)),
            (MetadataKeys.ImageSize, Text(ImageSize)),
        };
        if (PatchSize is { } patch)
            properties.Add((MetadataKeys.PatchSize, Text(patch)));
        properties.Add((MetadataKeys.Resize, Resize));
        properties.Add((MetadataKeys.PixelScale, PixelScale.ToString(CultureInfo.InvariantCulture)));
        properties.Add((MetadataKeys.Mean, Join(Mean)));
        properties.Add((MetadataKeys.Std, Join(Std)));
        properties.Add((MetadataKeys.SourceSha256, SourceSha256));
        return properties;
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Join(IReadOnlyList<double> values) =>
        string.Join(",", values.Select(v => v.ToString(CultureInfo.InvariantCulture)));
}
