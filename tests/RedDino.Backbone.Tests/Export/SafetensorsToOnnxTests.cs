using RedDino.Backbone.Export;
using RedDino.Backbone.Import;
using RedDino.Backbone.Tests.Support;
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
            using var imported = CheckpointImporter.Import(BackboneFixture.TimmSafetensors);
            var viaTorch = Path.Combine(folder, "torch.onnx");
            VitOnnxExporter.Export(imported.Model, viaTorch, new OnnxExportOptions { SourceSha256 = imported.SourceSha256 });

            var file = SafetensorsFile.Open(BackboneFixture.TimmSafetensors);
            var weights = file.ReadAllFloat32().ToDictionary(kv => kv.Key, kv => OnnxWeight.Of(kv.Value.Shape, kv.Value.Values));
            var s = imported.Settings;
            var direct = Path.Combine(folder, "direct.onnx");
            VitOnnxWriter.Write(direct, new VitGraphShape(s.Name, s.EmbedDim, s.Depth, s.NumHeads, s.PatchSize, s.LayerNormEps), weights,
                new BackboneMetadata(s.Name, s.EmbedDim, s.ImageSize, imported.SourceSha256, s.PatchSize), producer: "RedDino.Backbone");

            CollectionAssert.AreEqual(File.ReadAllBytes(viaTorch), File.ReadAllBytes(direct));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

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
