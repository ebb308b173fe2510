using RedDino.Backbone.Export;
using RedDino.Backbone.Import;
using RedDino.Backbone.Tests.Support;
using RedDino.Backbone.Vit;
using RedDino.Tests.Shared;
using TorchSharp;
using static TorchSharp.torch;

namespace RedDino.Backbone.Tests.Export;

/// <summary>ONNX Runtime on the exported graph equals the TorchSharp forward (parity 1) and the
/// PyTorch reference of the fixtures after import (parity 2), |a - b| &lt;= 1e-4 + 1e-4 |b|.</summary>
[TestClass]
public sealed class OnnxParityTests
{
    private const double Atol = 1e-4, Rtol = 1e-4;

    [TestMethod]
    public void RandomVits14MatchesTheTorchSharpForward()
    {
        var folder = RepoPaths.NewTempFolder();
        var path = Path.Combine(folder, "vits14.onnx");
        using var model = RandomWeights.Create(VitSettings.Vits14(), seed: 1);
        VitOnnxExporter.Export(model, path);
        try
        {
            CompareWithTorchSharp(model, path);
        }
        finally
        {
            Directory.Delete(folder, recursive: true); // 87 MB
        }
    }

    private static void CompareWithTorchSharp(VisionTransformer model, string path)
    {
        using var generator = new Generator(7);
        using var pixels = randn([2, 3, 224, 224], generator: generator);
        using var noGrad = no_grad();
        var (cls, patches) = model.ForwardFeatures(pixels);
        using (cls)
        using (patches)
        {
            var outputs = OnnxRunner.Run(path, pixels);
            CollectionAssert.AreEqual(new[] { 2, 384 }, outputs["embedding"].Dims);
            CollectionAssert.AreEqual(new[] { 2, 256, 384 }, outputs["patch_tokens"].Dims);
            Close.Assert(outputs["embedding"].Values, cls.data<float>().ToArray(), Atol, Rtol, "vits14 embedding (ORT vs TorchSharp)");
            Close.Assert(outputs["patch_tokens"].Values, patches.data<float>().ToArray(), Atol, Rtol, "vits14 patch tokens (ORT vs TorchSharp)");

            // Dynamic batch: one image alone gives its row of the batch.
            using var single = pixels.narrow(0, 1, 1);
            var alone = OnnxRunner.Run(path, single);
            using var row = cls.narrow(0, 1, 1);
            Close.Assert(alone["embedding"].Values, row.data<float>().ToArray(), Atol, Rtol, "vits14 batch of 1");
        }
    }

    [TestMethod]
    [DataRow("tiny_vit_timm.safetensors", "cls_224")]
    [DataRow("tiny_vit_teacher_checkpoint.pth", "cls_224")]
    [DataRow("tiny_vit_hub.pth", "cls_224_hub")]
    public void FixtureCheckpointsThroughOnnxMatchPyTorch(string checkpoint, string expected)
    {
        var path = Path.Combine(RepoPaths.NewTempFolder(), "tiny.onnx");
        using (var imported = CheckpointImporter.Import(BackboneFixture.Path(checkpoint)))
            VitOnnxExporter.Export(imported.Model, path, new OnnxExportOptions { SourceSha256 = imported.SourceSha256 });
        using var images = BackboneFixture.Images();
        var outputs = OnnxRunner.Run(path, images);
        Close.Assert(outputs["embedding"].Values, BackboneFixture.Expected(expected).Values, Atol, Rtol, $"{checkpoint} -> ONNX CLS");
        if (expected == "cls_224")
        {
            var first = outputs["patch_tokens"].Values.AsSpan(0, 256 * 64);
            Close.Assert(first, BackboneFixture.Expected("patches_224_image0").Values, Atol, Rtol, $"{checkpoint} -> ONNX patches");
        }
    }

    [TestMethod]
    public void ExportAt112PixelsBakesTheResizedGrid()
    {
        var path = Path.Combine(RepoPaths.NewTempFolder(), "tiny112.onnx");
        using (var imported = CheckpointImporter.Import(BackboneFixture.TimmSafetensors, new ImportOptions { ImageSize = 112 }))
            VitOnnxExporter.Export(imported.Model, path);
        using var images = BackboneFixture.Images();
        using var center = images.narrow(0, 0, 1).narrow(2, 56, 112).narrow(3, 56, 112);
        var outputs = OnnxRunner.Run(path, center);
        CollectionAssert.AreEqual(new[] { 1, 64, 64 }, outputs["patch_tokens"].Dims);
        Close.Assert(outputs["embedding"].Values, BackboneFixture.Expected("cls_112_center_image0").Values, Atol, Rtol, "ONNX 112 CLS");
        Close.Assert(outputs["patch_tokens"].Values, BackboneFixture.Expected("patches_112_center_image0").Values, Atol, Rtol, "ONNX 112 patches");
    }

    [TestMethod]
    public void ExportImageSizeOptionResizesAModelBuiltFor224()
    {
        var path = Path.Combine(RepoPaths.NewTempFolder(), "tiny112b.onnx");
        using (var imported = CheckpointImporter.Import(BackboneFixture.TimmSafetensors))
            VitOnnxExporter.Export(imported.Model, path, new OnnxExportOptions { ImageSize = 112 });
        using var images = BackboneFixture.Images();
        using var center = images.narrow(0, 0, 1).narrow(2, 56, 112).narrow(3, 56, 112);
        var outputs = OnnxRunner.Run(path, center);
        Close.Assert(outputs["embedding"].Values, BackboneFixture.Expected("cls_112_center_image0").Values, Atol, Rtol, "ONNX 112 via export option");
    }
}
