using System.Globalization;
using RedDino.Formats.IO;
using RedDino.Formats.Onnx;
using RedDino.Formats.Safetensors;

namespace RedDino.Formats.Checkpoints;

/// <summary>How <see cref="SafetensorsBackbone.Convert"/> builds the ONNX backbone; the defaults are those of
/// <c>reddino export --checkpoint</c>, so both make the same file.</summary>
public sealed class SafetensorsConversionOptions
{
    /// <summary>Input size S of the ONNX model (a multiple of the patch size); the position grid is resized to S / p when the file's differs.</summary>
    public int ImageSize = BackboneContract.DefaultImageSize;

    /// <summary>DINOv2's interpolate offset for that resize (0.1, what the hub and training code compute); 0 = the exact size.</summary>
    public double InterpolateOffset = 0.1;

    /// <summary>Whether the model gets the optional <c>patch_tokens</c> output.</summary>
    public bool IncludePatchTokens = true;
}

/// <summary>What <see cref="SafetensorsBackbone.Convert"/> found and wrote.</summary>
/// <param name="Architecture">The ViT read from the tensor shapes.</param>
/// <param name="Layout">"timm-safetensors" (no prefix, no mask token) or "flat-safetensors" with its prefix, e.g. "flat-safetensors[backbone.]".</param>
/// <param name="PositionGrid">Side of the position grid in the file.</param>
/// <param name="SourceSha256">sha256 of the safetensors file (the model's <c>reddino.source_sha256</c>).</param>
/// <param name="SkippedKeys">Keys of the file that are not part of the backbone (heads, mask_token), as named in the file.</param>
/// <param name="FileBytes">Size of the ONNX file written.</param>
public sealed record SafetensorsConversion(VitArchitecture Architecture, string Layout, int PositionGrid, string SourceSha256,
    IReadOnlyList<string> SkippedKeys, long FileBytes);

/// <summary>
/// A Hugging Face / timm RedDino (or DINOv2-layout) safetensors checkpoint -> an ONNX backbone of the contract,
/// without LibTorch: the backbone's keys and architecture are found as RedDino.Backbone's importer finds them
/// (<see cref="BackboneKeys"/>, <see cref="VitCheckpointShape"/>), shapes and values are checked, the position
/// grid is resized when it is not S / p (<see cref="PositionGrid"/>), and <see cref="VitOnnxWriter"/> streams
/// the weights into the file, one tensor read from the file at a time. For a file whose grid already fits, the
/// ONNX file is byte for byte the one <c>reddino export --checkpoint</c> writes.
/// </summary>
public static class SafetensorsBackbone
{
    /// <summary>True when the file starts like a safetensors file (a header length that fits, then '{').</summary>
    public static bool IsSafetensors(string path)
    {
        using var stream = File.OpenRead(path);
        var head = new byte[16];
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return SafetensorsFile.LooksLikeSafetensors(head.AsSpan(0, read), stream.Length);
    }

    /// <summary>Writes the backbone of <paramref name="safetensorsPath"/> to <paramref name="onnxPath"/> (atomically).</summary>
    /// <exception cref="FileNotFoundException">No such checkpoint.</exception>
    /// <exception cref="InvalidDataException">Not safetensors, no ViT in it, tensors that do not fit, a non-floating or
    /// non-finite weight (names the file and the key).</exception>
    public static SafetensorsConversion Convert(string safetensorsPath, string onnxPath, SafetensorsConversionOptions? options = null)
    {
        options ??= new SafetensorsConversionOptions();
        var file = SafetensorsFile.Open(safetensorsPath);
        var backbone = BackboneKeys.Extract(safetensorsPath, file.Tensors.ToDictionary(t => t.Name, StringComparer.Ordinal));
        var skipped = new List<string>(backbone.Skipped);
        var hasMaskToken = backbone.Entries.Remove("mask_token");
        if (hasMaskToken)
            skipped.Add(backbone.Prefix + "mask_token");
        skipped.Sort(KeyOrder.Instance);
        if (backbone.Entries.Values.FirstOrDefault(e => !e.IsFloatingPoint) is { } notFloat)
            throw new InvalidDataException($"{safetensorsPath}: tensor '{notFloat.Name}' has dtype {notFloat.DType}, expected floating point");
        var shapes = backbone.Entries.ToDictionary(e => e.Key, e => e.Value.Shape, StringComparer.Ordinal);
        var (architecture, grid) = VitCheckpointShape.Detect(safetensorsPath, shapes);
        if (options.ImageSize <= 0 || options.ImageSize % architecture.PatchSize != 0)
            throw new InvalidDataException($"{safetensorsPath}: image size {options.ImageSize} is not a positive multiple of the patch size {architecture.PatchSize}");
        CheckpointMismatch.Check(safetensorsPath, architecture.Name, backbone.Prefix, shapes, VitCheckpointShape.Parameters(architecture, grid));

        var targetGrid = options.ImageSize / architecture.PatchSize;
        var weights = new Dictionary<string, OnnxWeight>(StringComparer.Ordinal);
        foreach (var (name, entry) in backbone.Entries)
            weights[name] = new OnnxWeight(entry.Shape, () => Finite(file, entry));
        var pos = backbone.Entries["pos_embed"];
        if (grid != targetGrid)
            weights["pos_embed"] = new OnnxWeight([1, 1 + (long)targetGrid * targetGrid, architecture.EmbedDim],
                () => PositionGrid.Resize(Finite(file, pos), architecture.EmbedDim, targetGrid, options.InterpolateOffset));

        var sha256 = FileHash.Sha256(safetensorsPath);
        var shape = new VitGraphShape(architecture.Name, architecture.EmbedDim, architecture.Depth, architecture.NumHeads, architecture.PatchSize);
        var metadata = new BackboneMetadata(architecture.Name, architecture.EmbedDim, options.ImageSize, sha256, architecture.PatchSize);
        long bytes;
        try
        {
            bytes = VitOnnxWriter.Write(onnxPath, shape, weights, metadata, options.IncludePatchTokens);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{safetensorsPath}: {e.Message}", e);
        }
        var layout = backbone.Prefix.Length == 0 && !hasMaskToken && !backbone.FlattenedBlockChunks
            ? "timm-safetensors" : "flat-safetensors" + (backbone.Prefix.Length > 0 ? $"[{backbone.Prefix}]" : "");
        return new SafetensorsConversion(architecture, layout, grid, sha256, skipped, bytes);
    }

    // A NaN or infinite weight (a diverged run, a corrupt file) makes every embedding NaN: refused, naming the tensor.
    private static float[] Finite(SafetensorsFile file, SafetensorsTensor entry)
    {
        var values = file.ReadFloat32(entry);
        var bad = 0;
        foreach (var v in values)
            if (!float.IsFinite(v)) bad++;
        if (bad > 0)
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"{file.FilePath}: tensor '{entry.Name}' holds {bad} NaN or infinite value(s) of {values.Length}: the checkpoint cannot make a usable backbone"));
        return values;
    }
}
