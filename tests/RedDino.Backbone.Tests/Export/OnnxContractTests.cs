using Microsoft.ML.OnnxRuntime;
using RedDino.Backbone.Export;
using RedDino.Backbone.Import;
using RedDino.Backbone.Tests.Support;
using RedDino.Backbone.Vit;
using RedDino.Tests.Shared;

namespace RedDino.Backbone.Tests.Export;

/// <summary>The exported file follows docs/formats/onnx-backbone.md: names, shapes, metadata.</summary>
[TestClass]
public sealed class OnnxContractTests
{
    [TestMethod]
    public void InputsOutputsAndMetadataFollowTheContract()
    {
        var path = Path.Combine(RepoPaths.NewTempFolder(), "tiny.onnx");
        string sha;
        using (var imported = CheckpointImporter.Import(BackboneFixture.TeacherCheckpoint))
        {
            sha = imported.SourceSha256;
            VitOnnxExporter.Export(imported.Model, path, new OnnxExportOptions { SourceSha256 = sha });
        }
        using var session = new InferenceSession(path);
        var input = session.InputMetadata.Single();
        Assert.AreEqual("pixel_values", input.Key);
        CollectionAssert.AreEqual(new[] { -1, 3, 224, 224 }, input.Value.Dimensions);
        Assert.AreEqual("batch", input.Value.SymbolicDimensions[0]);
        CollectionAssert.AreEqual(new[] { "embedding", "patch_tokens" }, session.OutputMetadata.Keys.ToList());
        CollectionAssert.AreEqual(new[] { -1, 64 }, session.OutputMetadata["embedding"].Dimensions);
        CollectionAssert.AreEqual(new[] { -1, 256, 64 }, session.OutputMetadata["patch_tokens"].Dimensions);

        var meta = session.ModelMetadata.CustomMetadataMap;
        var expected = new Dictionary<string, string>
        {
            ["reddino.format_version"] = "1",
            ["reddino.arch"] = "vit-d64-l2-h1-m64-p14",
            ["reddino.embed_dim"] = "64",
            ["reddino.image_size"] = "224",
            ["reddino.patch_size"] = "14",
            ["reddino.resize"] = "bilinear",
            ["reddino.pixel_scale"] = "255",
            ["reddino.mean"] = "0.485,0.456,0.406",
            ["reddino.std"] = "0.229,0.224,0.225",
            ["reddino.source_sha256"] = CheckpointImporter.Sha256(BackboneFixture.TeacherCheckpoint),
        };
        CollectionAssert.AreEquivalent(expected.ToList(), meta.Where(kv => kv.Key.StartsWith("reddino.", StringComparison.Ordinal)).ToList());
        Assert.AreEqual("RedDino.MLNet", session.ModelMetadata.ProducerName);
    }

    [TestMethod]
    public void WithoutPatchTokensThereIsOneOutput()
    {
        var path = Path.Combine(RepoPaths.NewTempFolder(), "cls-only.onnx");
        RandomBackboneOnnx.Export(VitSettings.Custom(64, 1, 1, 64, imageSize: 56), path, options: new OnnxExportOptions { IncludePatchTokens = false });
        using var session = new InferenceSession(path);
        CollectionAssert.AreEqual(new[] { "embedding" }, session.OutputMetadata.Keys.ToList());
    }

    [TestMethod]
    public void RandomExportIsSeededAndNamesItsWeights()
    {
        var folder = RepoPaths.NewTempFolder();
        var settings = VitSettings.Custom(64, 2, 1, 128, imageSize: 56);
        RandomBackboneOnnx.Export(settings, Path.Combine(folder, "a.onnx"), seed: 3);
        RandomBackboneOnnx.Export(settings, Path.Combine(folder, "b.onnx"), seed: 3);
        RandomBackboneOnnx.Export(settings, Path.Combine(folder, "c.onnx"), seed: 4);
        var a = File.ReadAllBytes(Path.Combine(folder, "a.onnx"));
        CollectionAssert.AreEqual(a, File.ReadAllBytes(Path.Combine(folder, "b.onnx")));
        CollectionAssert.AreNotEqual(a, File.ReadAllBytes(Path.Combine(folder, "c.onnx")));
        using var model = RandomWeights.Create(settings, 3);
        using var session = new InferenceSession(Path.Combine(folder, "a.onnx"));
        Assert.AreEqual(VitOnnxExporter.WeightsSha256(model), session.ModelMetadata.CustomMetadataMap["reddino.source_sha256"]);
        Assert.IsEmpty(Directory.GetFiles(folder, "*.partial"), "no temporary file is left behind");
    }
}
