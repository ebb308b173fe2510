using System.Runtime.InteropServices;
using System.Security.Cryptography;
using RedDino.Backbone.Vit;
using RedDino.Formats.Onnx;
using static TorchSharp.torch;

namespace RedDino.Backbone.Export;

/// <summary>
/// Exports a <see cref="VisionTransformer"/> to an ONNX backbone of the contract
/// (docs/formats/onnx-backbone.md) through <see cref="VitOnnxWriter"/>: the model's state dict, with
/// the position embedding resized here (TorchSharp's bicubic, as the model itself does) to the
/// export size, is the writer's weight map. The same computation as
/// <see cref="VisionTransformer.ForwardFeatures"/>; the parity tests pin the two together.
/// </summary>
public static class VitOnnxExporter
{
    /// <summary>Writes the model and returns the file's size in bytes.</summary>
    public static long Export(VisionTransformer model, string path, OnnxExportOptions? options = null)
    {
        options ??= new OnnxExportOptions();
        var settings = model.Settings;
        var imageSize = options.ImageSize ?? settings.ImageSize;
        if (imageSize % settings.PatchSize != 0)
            throw new ArgumentException($"image size {imageSize} is not a multiple of the patch size {settings.PatchSize}");
        var grid = imageSize / settings.PatchSize;
        using var pos = model.PositionEmbeddingFor(grid, grid).detach();                // [1, 1 + N, D]
        var state = model.state_dict();
        var weights = state.Where(kv => kv.Key != "pos_embed").ToDictionary(kv => kv.Key, kv => Weight(kv.Value));
        weights["pos_embed"] = Weight(pos);
        var shape = new VitGraphShape(settings.Name, settings.EmbedDim, settings.Depth, settings.NumHeads, settings.PatchSize, settings.LayerNormEps);
        return VitOnnxWriter.Write(path, shape, weights, Metadata(settings, imageSize, options.SourceSha256 ?? WeightsSha256(model), options),
            options.IncludePatchTokens);
    }

    /// <summary>The reddino.* metadata of an exported ViT.</summary>
    public static BackboneMetadata Metadata(VitSettings settings, int imageSize, string sourceSha256, OnnxExportOptions options) =>
        new(settings.Name, settings.EmbedDim, imageSize, sourceSha256, settings.PatchSize)
        {
            Resize = options.Resize,
            PixelScale = options.PixelScale,
            Mean = options.Mean,
            Std = options.Std,
        };

    /// <summary>sha256 of the model's float32 weights in state-dict order: the "source" of a model that
    /// was not loaded from a checkpoint file.</summary>
    public static string WeightsSha256(TorchSharp.torch.nn.Module model)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (_, t) in model.state_dict())
            hash.AppendData(MemoryMarshal.AsBytes(Floats(t).AsSpan()));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    // The tensor's values are read only when the writer streams this weight.
    private static OnnxWeight Weight(Tensor t) => new(t.shape, () => Floats(t));

    private static float[] Floats(Tensor t)
    {
        using var contiguous = t.detach().contiguous();
        return contiguous.data<float>().ToArray();
    }
}
