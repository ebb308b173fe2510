using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using RedDino.Backbone.Import;
using RedDino.Tests.Shared;
using static TorchSharp.torch;

namespace RedDino.Cli.Tests.Commands;

/// <summary>`reddino pretrain` end to end on a tiny configuration over the four fixture cell images.</summary>
[TestClass]
[DoNotParallelize] // model init uses LibTorch's global generator
public sealed class PretrainCommandTests
{
    private static string TinyPipeline()
    {
        var folder = RepoPaths.NewTempFolder();
        var path = Path.Combine(folder, "pretrain-tiny.json");
        var images = RepoPaths.Fixture("backbone", "images").Replace("\\", "/");
        File.WriteAllText(path, $$"""
            { "kind": "pretrain",
              "student": { "arch": "custom", "embed_dim": 64, "depth": 2, "num_heads": 1, "mlp_ratio": 2.0, "layerscale": 0.1 },
              "dino": { "head_n_prototypes": 64, "head_hidden_dim": 32, "head_bottleneck_dim": 16 },
              "train": { "batch_size": 4, "official_epoch_length": 10, "checkpoint_every": 1, "log_every": 1 },
              "optim": { "epochs": 1, "warmup_epochs": 0.1, "scaling_rule": "none", "base_lr": 0.001 },
              "teacher": { "warmup_teacher_temp_epochs": 1 },
              "crops": { "global_crops_size": 56, "local_crops_number": 2, "local_crops_size": 28 },
              "data": { "images": "{{images}}", "patch_size": 112 },
              "eval": { "retrieval_images": 4 } }
            """);
        return path;
    }

    [TestMethod]
    public void TrainsResumesAndExportsTheTeacher()
    {
        var config = TinyPipeline();
        var outDir = Path.Combine(RepoPaths.NewTempFolder(), "run");
        var run = CliRun.Of("pretrain", "--config", config, "--set", "optim.base_lr=0.002", "--max-iterations", "2", "--out", outDir);
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        Assert.AreEqual(Path.GetFullPath(outDir), run.LastLine);
        StringAssert.Contains(run.Error, "it 2/2 loss ");
        StringAssert.Contains(File.ReadAllText(Path.Combine(outDir, "config.json")), "\"base_lr\": 0.002");
        Assert.HasCount(3, File.ReadAllLines(Path.Combine(outDir, "losses.csv")), "header + 2 iterations");
        // checkpoint_every 1: the view retrieval of the initial teacher and after each checkpoint, plotted with the losses.
        Assert.HasCount(4, File.ReadAllLines(Path.Combine(outDir, "retrieval.csv")), "header + iterations 0, 1, 2");
        StringAssert.Contains(run.Error, "view retrieval ");
        CollectionAssert.AreEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, File.ReadAllBytes(Path.Combine(outDir, "losses.png")).Take(4).ToArray(), "a PNG");

        var resumed = CliRun.Of("pretrain", "--config", config, "--set", "optim.base_lr=0.002", "--max-iterations", "3", "--resume", outDir, "--out", outDir);
        Assert.AreEqual(0, resumed.ExitCode, resumed.ToString());
        StringAssert.Contains(resumed.Error, "it 3/3 loss ");
        Assert.HasCount(4, File.ReadAllLines(Path.Combine(outDir, "losses.csv")));

        // backbone.onnx is the final teacher: same embeddings as the checkpoint read by the importer.
        var onnx = Path.Combine(outDir, "backbone.onnx");
        var teacherFile = Path.Combine(outDir, "checkpoints", "iter_0000003", "teacher.safetensors");
        using var session = new InferenceSession(onnx);
        var meta = session.ModelMetadata.CustomMetadataMap;
        Assert.AreEqual("56", meta["reddino.image_size"]);
        Assert.AreEqual(CheckpointImporter.Sha256(teacherFile), meta["reddino.source_sha256"]);
        using var imported = CheckpointImporter.Import(teacherFile, new ImportOptions { ImageSize = 56 });
        using var scope = NewDisposeScope();
        manual_seed(7);
        var input = randn(3, 3, 56, 56);
        using var reference = imported.Model.forward(input);
        var tensorIn = new DenseTensor<float>(input.data<float>().ToArray(), [3, 3, 56, 56]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("pixel_values", tensorIn)]);
        var embedding = results.First(r => r.Name == "embedding").AsTensor<float>().ToArray();
        var expected = reference.data<float>().ToArray();
        for (var i = 0; i < expected.Length; i++)
            Assert.IsLessThanOrEqualTo(1e-4 + 1e-4 * Math.Abs(expected[i]), Math.Abs(embedding[i] - expected[i]), $"element {i}");
    }

    [TestMethod]
    public void UnknownSettingIsBadInputNamingTheKey()
    {
        var run = CliRun.Of("pretrain", "--config", TinyPipeline(), "--set", "optim.learning_rate=1", "--out", RepoPaths.NewTempFolder());
        Assert.AreEqual(1, run.ExitCode, run.ToString());
        StringAssert.Contains(run.Error, "'optim.learning_rate'");
    }

    [TestMethod]
    public void RedDinoVits14WithoutPretrainedWeightsIsBadInputNamingTheKey()
    {
        var outDir = RepoPaths.NewTempFolder();
        try
        {
            var run = CliRun.Of("pretrain", "--config", Path.Combine(RepoPaths.Root, "pipelines", "pretrain-vits14.json"), "--out", outDir);
            Assert.AreEqual(1, run.ExitCode, run.ToString());
            StringAssert.Contains(run.Error, "'student.pretrained_weights'");
            StringAssert.Contains(run.Error, "dinov2_vits14_pretrain.pth");
            Assert.IsFalse(run.Error.Contains("   at ", StringComparison.Ordinal), "no stack trace");
            Assert.IsEmpty(Directory.GetFileSystemEntries(outDir), "nothing written");
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }
    }

    [TestMethod]
    public void MissingConfigIsAUsageError()
    {
        var run = CliRun.Of("pretrain", "--out", RepoPaths.NewTempFolder());
        Assert.AreEqual(2, run.ExitCode, run.ToString());
    }
}
