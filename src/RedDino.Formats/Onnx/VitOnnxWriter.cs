using System.Reflection;
using Onnx;

namespace RedDino.Formats.Onnx;

/// <summary>
/// Writes a DINOv2 ViT backbone as an ONNX file of the contract (docs/formats/onnx-backbone.md) from
/// its timm state dict: input <c>pixel_values</c> [batch, 3, S, S] (dynamic batch), outputs
/// <c>embedding</c> [batch, D] and optionally <c>patch_tokens</c> [batch, (S/p)^2, D], opset 17, and the
/// <c>reddino.*</c> metadata. No LibTorch: a safetensors file's tensors can go straight in. Weights are
/// streamed to the file, so a ViT-L (1.2 GB) is not held twice in memory.
/// </summary>
public static class VitOnnxWriter
{
    /// <summary>ONNX operator set of the graph.</summary>
    public const int Opset = 17;

    /// <summary>Writes the model to <paramref name="path"/> atomically and returns the file's size in bytes.</summary>
    /// <param name="path">The ONNX file to write (its folder is created).</param>
    /// <param name="shape">Architecture name, D, depth, heads, patch size, LayerNorm epsilon.</param>
    /// <param name="weights">timm names -> tensors; <c>pos_embed</c> must already be at the grid of
    /// <see cref="BackboneMetadata.ImageSize"/> ([1, 1 + (S/p)^2, D]). Linear weights are [out, in].</param>
    /// <param name="metadata">The <c>reddino.*</c> metadata; its image size is the graph's input size.</param>
    /// <param name="includePatchTokens">Adds the optional <c>patch_tokens</c> output.</param>
    /// <exception cref="ArgumentException">A weight is missing or has the wrong shape (names the key).</exception>
    public static long Write(string path, VitGraphShape shape, IReadOnlyDictionary<string, OnnxWeight> weights,
        BackboneMetadata metadata, bool includePatchTokens = true)
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("ONNX raw tensor data is little-endian");
        var graph = VitOnnxGraph.Build(shape, weights, metadata.ImageSize, includePatchTokens);
        var onnx = new ModelProto
        {
            IrVersion = 8, // the IR version that goes with opset 17
            ProducerName = "RedDino.MLNet",
            ProducerVersion = typeof(VitOnnxWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0",
            Graph = graph.Graph,
            // Nothing about the route that made it: a checkpoint converted here and one exported through
            // RedDino.Backbone are the same bytes, hence the same model sha256 (caches, bundles, reports).
            DocString = $"DINOv2 ViT backbone {shape.Arch}",
        };
        onnx.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        foreach (var (key, value) in metadata.ToProperties())
            onnx.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        return OnnxFileWriter.Write(path, onnx, graph.LargeInitializers);
    }
}
