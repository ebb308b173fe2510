using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using RedDino.Formats.Onnx;

namespace RedDino.Formats.Imaging;

/// <summary>How an image becomes the model's input (docs/formats/onnx-backbone.md):
/// RGB -> optional crop (edge replication) -> Pillow bilinear resize to ImageSize x ImageSize ->
/// x / PixelScale -> (x - Mean[c]) / Std[c], float32, CHW.</summary>
/// <param name="ImageSize">Side S of the square model input.</param>
/// <param name="PixelScale">uint8 values are divided by this (255 for the published models).</param>
/// <param name="Mean">Per-channel RGB mean, applied after scaling.</param>
/// <param name="Std">Per-channel RGB standard deviation, applied after scaling.</param>
/// <param name="Resize">Resize method; only "bilinear" (Pillow-style, antialiased when shrinking) exists.</param>
public sealed record PreprocessingSettings(int ImageSize, float PixelScale, float[] Mean, float[] Std, string Resize = PreprocessingSettings.Bilinear)
{
    /// <summary>The only resize method of the contract.</summary>
    public const string Bilinear = BackboneContract.BilinearResize;

    /// <summary>Version of this implementation of the steps; part of cache keys. History:
    /// 1 = Pillow 9.4 bilinear, edge-replicated crops, 16-bit TIFF by v &gt;&gt; 8, alpha dropped.</summary>
    public const int ImplementationVersion = 1;

    /// <summary>ImageNet statistics: the contract's defaults for a model without reddino.* metadata.</summary>
    public static PreprocessingSettings ImageNetDefaults(int imageSize) => new(imageSize,
        (float)BackboneContract.DefaultPixelScale,
        BackboneContract.ImageNetMean.Select(v => (float)v).ToArray(),
        BackboneContract.ImageNetStd.Select(v => (float)v).ToArray());

    /// <summary>Throws <see cref="InvalidDataException"/> when a value cannot work.</summary>
    public void Validate(string source)
    {
        if (ImageSize is < 1 or > BackboneContract.MaxImageSize)
            throw new InvalidDataException($"{source}: image size {ImageSize} must be between 1 and {BackboneContract.MaxImageSize}");
        if (!(PixelScale > 0) || float.IsInfinity(PixelScale)) throw new InvalidDataException($"{source}: pixel_scale {PixelScale} must be a positive number");
        if (Mean is not { Length: 3 } || Mean.Any(v => !float.IsFinite(v))) throw new InvalidDataException($"{source}: mean must be three finite numbers");
        if (Std is not { Length: 3 } || Std.Any(v => !(v > 0) || !float.IsFinite(v))) throw new InvalidDataException($"{source}: std must be three positive numbers");
        if (Resize != Bilinear) throw new InvalidDataException($"{source}: resize '{Resize}' is not supported (only '{Bilinear}')");
    }

    /// <summary>The settings as written into embeddings sidecars and cache keys.</summary>
    public JsonObject ToJson() => new()
    {
        ["image_size"] = ImageSize,
        ["resize"] = Resize,
        ["pixel_scale"] = PixelScale,
        ["mean"] = new JsonArray(Mean.Select(v => (JsonNode)v).ToArray()),
        ["std"] = new JsonArray(Std.Select(v => (JsonNode)v).ToArray()),
        ["crop_padding"] = "edge",
        ["sixteen_bit"] = "v >> 8",
        ["implementation_version"] = ImplementationVersion,
    };

    /// <summary>sha256 (hex) of the canonical settings text: equal settings, equal fingerprint.</summary>
    public string Fingerprint()
    {
        var text = string.Join("|",
            ImplementationVersion.ToString(CultureInfo.InvariantCulture),
            ImageSize.ToString(CultureInfo.InvariantCulture),
            Resize,
            PixelScale.ToString("R", CultureInfo.InvariantCulture),
            string.Join(",", Mean.Select(v => v.ToString("R", CultureInfo.InvariantCulture))),
            string.Join(",", Std.Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();
    }

    /// <inheritdoc />
    public bool Equals(PreprocessingSettings? other) => other is not null && Fingerprint() == other.Fingerprint();

    /// <inheritdoc />
    public override int GetHashCode() => Fingerprint().GetHashCode(StringComparison.Ordinal);
}
