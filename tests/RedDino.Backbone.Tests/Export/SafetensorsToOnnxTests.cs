using RedDino.Backbone.Export;
using RedDino.Backbone.Import;
using RedDino.Backbone.Tests.Support;
using RedDino.Formats.Checkpoints;
using RedDino.Formats.Onnx;
using RedDino.Formats.Safetensors;
using RedDino.Tests.Shared;

namespace RedDino.Backbone.Tests.Export;

/// <summary>A timm safetensors file becomes an ONNX backbone through RedDino.Formats alone (its reader and
/// graph writer, no LibTorch), byte for byte the file that the TorchSharp import and export make.</summary>
[TestClass]
public sealed class SafetensorsToOnnxTests
{
    [TestMethod]
    public void FormatsAloneWritesTheSameFileAsTheTorchSharpExport()
    {
        var folder = RepoPaths.NewTempFolder();
        try
        {
            var viaTorch = Path.Combine(folder, "torch.onnx");
            CheckpointOnnxExport.Export(BackboneFixture.TimmSafetensors, viaTorch);
            var direct = Path.Combine(folder, "direct.onnx");
            var conversion = SafetensorsBackbone.Convert(BackboneFixture.TimmSafetensors, direct);

            Assert.AreEqual("timm-safetensors", conversion.Layout);
            Assert.AreEqual("vit-d64-l2-h1-m64-p14", conversion.Architecture.Name);
            CollectionAssert.AreEqual(File.ReadAllBytes(viaTorch), File.ReadAllBytes(direct));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The hub layout (37 x 37 grid, mask_token): Formats resizes the grid in C#, the importer with
    /// TorchSharp's bicubic; every other weight is the same, the grid within float32 rounding.</summary>
    [TestMethod]
    public void TheHubGridIsResizedAsTorchSharpResizesIt()
    {
        var folder = RepoPaths.NewTempFolder();
        var viaTorch = Path.Combine(folder, "torch.onnx");
        CheckpointOnnxExport.Export(BackboneFixture.HubCheckpoint, viaTorch);
        var direct = Path.Combine(folder, "direct.onnx");
        SafetensorsBackbone.Convert(BackboneFixture.Path("tiny_vit_hub.safetensors"), direct);

        var a = Initializers(viaTorch);
        var b = Initializers(direct);
        CollectionAssert.AreEquivalent(a.Keys.ToList(), b.Keys.ToList());
        foreach (var (name, values) in a)
        {
            if (name == "pos_embed_patches")
                Close.Assert(b[name], values, 1e-5, 1e-5, name);
            else
                CollectionAssert.AreEqual(values, b[name], name);
        }
    }

    private static Dictionary<string, float[]> Initializers(string path) =>
        Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(path)).Graph.Initializer
            .ToDictionary(i => i.Name, i => i.RawData.Length > 0
                ? System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(i.RawData.Span).ToArray()
                : i.FloatData.Count > 0 ? i.FloatData.ToArray() : i.Int64Data.Select(v => (float)v).ToArray());

    [TestMethod]
    public void AMissingOrMisshapedWeightIsNamed()
    {
        var file = SafetensorsFile.Open(BackboneFixture.TimmSafetensors);
        var all = file.ReadAllFloat32().ToDictionary(kv => kv.Key, kv => OnnxWeight.Of(kv.Value.Shape, kv.Value.Values));
        var shape = new VitGraphShape("t", 64, 2, 1, 14);
        var metadata = new BackboneMetadata("t", 64, 224, "x", 14);
        var path = Path.Combine(RepoPaths.NewTempFolder(), "x.onnx");
        try
        {
            var missing = new Dictionary<string, OnnxWeight>(all);
            missing.Remove("blocks.1.mlp.fc2.bias");
            StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => VitOnnxWriter.Write(path, shape, missing, metadata)).Message,
                "'blocks.1.mlp.fc2.bias'");
            StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => VitOnnxWriter.Write(path, shape, all, metadata with { ImageSize = 112 })).Message,
                "'pos_embed' has shape [1, 257, 64], expected [1, 65, 64]");
            Assert.IsFalse(File.Exists(path));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }
}
