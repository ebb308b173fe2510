using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Onnx;
using RedDino.Backbone.Vit;

namespace RedDino.Backbone.Export;

/// <summary>
/// Exports a <see cref="VisionTransformer"/> to an ONNX file per contracts.md: input
/// <c>pixel_values</c> [batch, 3, S, S] (dynamic batch), outputs <c>embedding</c> [batch, D] and
/// <c>patch_tokens</c> [batch, (S/p)^2, D], opset 17, and the reddino.* metadata keys. Weights are
/// streamed to the file, so a ViT-L export does not hold a second copy of its 1.2 GB in memory.
/// </summary>
public static class VitOnnxExporter
{
    public const int Opset = 17;
    public const int FormatVersion = 1;

    /// <summary>Writes the model and returns the file's size in bytes.</summary>
    public static long Export(VisionTransformer model, string path, OnnxExportOptions? options = null)
    {
        options ??= new OnnxExportOptions();
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("ONNX raw tensor data is little-endian");
        var imageSize = options.ImageSize ?? model.Settings.ImageSize;
        using var graph = VitOnnxGraph.Build(model, imageSize, options.IncludePatchTokens);
        var onnx = new ModelProto
        {
            IrVersion = 8, // the IR version that goes with opset 17
            ProducerName = "RedDino.MLNet",
            ProducerVersion = typeof(VitOnnxExporter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0",
            Graph = graph.Graph,
            DocString = $"DINOv2 ViT backbone {model.Settings.Name} exported by RedDino.Backbone",
        };
        onnx.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        foreach (var (key, value) in Metadata(model.Settings, imageSize, options.SourceSha256 ?? WeightsSha256(model), options))
            onnx.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        return OnnxFileWriter.Write(path, onnx, graph.LargeInitializers);
    }

    /// <summary>The reddino.* metadata_props of contracts.md, in order.</summary>
    public static IReadOnlyList<(string Key, string Value)> Metadata(VitSettings settings, int imageSize, string sourceSha256, OnnxExportOptions options)
    {
        string I(int v) => v.ToString(CultureInfo.InvariantCulture);
        return
        [
            ("reddino.format_version", I(FormatVersion)),
            ("reddino.arch", settings.Name),
            ("reddino.embed_dim", I(settings.EmbedDim)),
            ("reddino.image_size", I(imageSize)),
            ("reddino.patch_size", I(settings.PatchSize)),
            ("reddino.resize", options.Resize),
            ("reddino.pixel_scale", options.PixelScale.ToString(CultureInfo.InvariantCulture)),
            ("reddino.mean", OnnxExportOptions.Join(options.Mean)),
            ("reddino.std", OnnxExportOptions.Join(options.Std)),
            ("reddino.source_sha256", sourceSha256),
        ];
    }

    /// <summary>sha256 of the model's float32 weights in state-dict order: the "source" of a model that
    /// was not loaded from a checkpoint file.</summary>
    public static string WeightsSha256(TorchSharp.torch.nn.Module model)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (_, t) in model.state_dict())
        {
            using var contiguous = t.detach().contiguous();
            hash.AppendData(MemoryMarshal.AsBytes(contiguous.data<float>().ToArray().AsSpan()));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
