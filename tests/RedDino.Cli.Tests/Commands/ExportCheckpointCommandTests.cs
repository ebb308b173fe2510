using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using RedDino.Formats.Imaging;
using RedDino.Tests.Shared;

namespace RedDino.Cli.Tests.Commands;

/// <summary>`reddino export --checkpoint`: the fixture checkpoints (tests/fixtures/backbone) become
/// contract ONNX files whose embeddings of the fixture PNGs equal the PyTorch reference.</summary>
[TestClass]
public sealed class ExportCheckpointCommandTests
{
    private static string Fixture(params string[] parts) => RepoPaths.Fixture(["backbone", .. parts]);

    private static float[] Expected(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Fixture("expected.json")));
        var bytes = File.ReadAllBytes(Fixture(doc.RootElement.GetProperty("arrays").GetProperty(name).GetProperty("file").GetString()!));
        var values = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        return values;
    }

    /// <summary>The four fixture PNGs, /255 and ImageNet-normalised, as [4, 3, 224, 224].</summary>
    private static DenseTensor<float> Cells()
    {
        float[] mean = [0.485f, 0.456f, 0.406f], std = [0.229f, 0.224f, 0.225f];
        var t = new DenseTensor<float>([4, 3, 224, 224]);
        for (var i = 0; i < 4; i++)
        {
            var image = ImageDecoder.DecodeFile(Fixture("images", $"cell_{i}.png"));
            for (var y = 0; y < 224; y++)
                for (var x = 0; x < 224; x++)
                    for (var c = 0; c < 3; c++)
                        t[i, c, y, x] = (image.Pixels[y * image.Stride + x * 3 + c] / 255f - mean[c]) / std[c];
        }
        return t;
    }

    [TestMethod]
    [DataRow("tiny_vit_teacher_checkpoint.pth", "layout dinov2-teacher, arch vit-d64-l2-h1-m64-p14 (D 64, depth 2, heads 1, MLP 64, patch 14), 224 px, 105,024 parameters, skipped 9 keys: backbone.mask_token, dino_head.* (8)", "cls_224")]
    [DataRow("tiny_vit_timm.safetensors", "layout timm-safetensors, arch vit-d64-l2-h1-m64-p14 (D 64, depth 2, heads 1, MLP 64, patch 14), 224 px, 105,024 parameters, skipped none", "cls_224")]
    [DataRow("tiny_vit_hub.pth", "layout dinov2-hub, arch vit-d64-l1-h1-m64-p14 (D 64, depth 1, heads 1, MLP 64, patch 14), 224 px, 79,680 parameters, pos_embed 37x37 resized to 16x16 (bicubic, offset 0.1), skipped 1 key: mask_token", "cls_224_hub")]
    public void CheckpointBecomesAnOnnxBackboneWithTheReferenceEmbeddings(string checkpoint, string summary, string expected)
    {
        var output = Path.Combine(RepoPaths.NewTempFolder(), "tiny.onnx");
        var run = CliRun.Of("export", "--checkpoint", Fixture(checkpoint), "--out", output);
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        StringAssert.StartsWith(run.Out, summary + "; wrote ", run.ToString());
        Assert.AreEqual(Path.GetFullPath(output), run.LastLine);

        using var session = new InferenceSession(output);
        Assert.AreEqual("224", session.ModelMetadata.CustomMetadataMap["reddino.image_size"]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("pixel_values", Cells())]);
        var embedding = results.First(r => r.Name == "embedding").AsTensor<float>().ToArray();
        var reference = Expected(expected);
        Assert.AreEqual(reference.Length, embedding.Length);
        for (var i = 0; i < reference.Length; i++)
            Assert.IsLessThanOrEqualTo(1e-4 + 1e-4 * Math.Abs(reference[i]), Math.Abs(embedding[i] - reference[i]), $"element {i}");
    }

    [TestMethod]
    public void ImageSizeChangesTheModelInput()
    {
        var output = Path.Combine(RepoPaths.NewTempFolder(), "tiny112.onnx");
        var run = CliRun.Of("export", "--checkpoint", Fixture("tiny_vit_timm.safetensors"), "--image-size", "112", "--out", output);
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        StringAssert.Contains(run.Out, "112 px");
        using var session = new InferenceSession(output);
        CollectionAssert.AreEqual(new[] { -1, 3, 112, 112 }, session.InputMetadata["pixel_values"].Dimensions);
        Assert.AreEqual("112", session.ModelMetadata.CustomMetadataMap["reddino.image_size"]);
    }

    [TestMethod]
    public void ArchThatDoesNotFitIsBadInput()
    {
        var run = CliRun.Of("export", "--checkpoint", Fixture("tiny_vit_timm.safetensors"), "--arch", "vits14", "--out", Path.Combine(RepoPaths.NewTempFolder(), "x.onnx"));
        Assert.AreEqual(1, run.ExitCode, run.ToString());
        StringAssert.Contains(run.Error, "tiny_vit_timm.safetensors: checkpoint does not match vits14: missing keys (140)");
    }

    [TestMethod]
    public void ImageSizeThatIsNotAMultipleOfThePatchIsBadInput()
    {
        var run = CliRun.Of("export", "--checkpoint", Fixture("tiny_vit_timm.safetensors"), "--image-size", "100", "--out", Path.Combine(RepoPaths.NewTempFolder(), "x.onnx"));
        Assert.AreEqual(1, run.ExitCode, run.ToString());
        StringAssert.Contains(run.Error, "image size 100 is not a multiple of the patch size 14");
    }

    [TestMethod]
    public void MissingOrUnreadableCheckpointIsBadInput()
    {
        var folder = RepoPaths.NewTempFolder();
        var missing = CliRun.Of("export", "--checkpoint", Path.Combine(folder, "none.pth"), "--out", Path.Combine(folder, "x.onnx"));
        Assert.AreEqual(1, missing.ExitCode, missing.ToString());
        StringAssert.Contains(missing.Error, "none.pth");
        var notCheckpoint = CliRun.Of("export", "--checkpoint", Fixture("README.md"), "--out", Path.Combine(folder, "x.onnx"));
        Assert.AreEqual(1, notCheckpoint.ExitCode, notCheckpoint.ToString());
        StringAssert.Contains(notCheckpoint.Error, "README.md: not a checkpoint");
        Assert.IsFalse(File.Exists(Path.Combine(folder, "x.onnx")));
    }

    [TestMethod]
    [DataRow(new[] { "export", "--out", "x.onnx" }, "exactly one of --checkpoint FILE or --builtin NAME")]
    [DataRow(new[] { "export", "--checkpoint", "a.pth", "--builtin", "resnet18-imagenet", "--out", "x.onnx" }, "exactly one of --checkpoint FILE or --builtin NAME")]
    [DataRow(new[] { "export", "--builtin", "resnet18-imagenet", "--arch", "vits14", "--out", "x.onnx" }, "--arch and --image-size apply to --checkpoint only")]
    [DataRow(new[] { "export", "--checkpoint", "a.pth", "--arch", "vitg14", "--out", "x.onnx" }, "vitg14")]
    [DataRow(new[] { "export", "--checkpoint", "a.pth", "--image-size", "0", "--out", "x.onnx" }, "--image-size 0 must be positive")]
    public void UsageErrorsAreExitCode2(string[] args, string message)
    {
        var run = CliRun.Of(args);
        Assert.AreEqual(2, run.ExitCode, run.ToString());
        StringAssert.Contains(run.Error, message);
    }
}
