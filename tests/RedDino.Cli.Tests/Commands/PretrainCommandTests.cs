using System.Globalization;
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
    public void AnEarlierRunInTheOutputFolderIsNeverLostToARepeatedCommand()
    {
        var config = TinyPipeline();
        var outDir = Path.Combine(RepoPaths.NewTempFolder(), "run");
        Assert.AreEqual(0, CliRun.Of("pretrain", "--config", config, "--max-iterations", "2", "--out", outDir).ExitCode);
        var losses = File.ReadAllText(Path.Combine(outDir, "losses.csv"));
        var onnx = File.ReadAllBytes(Path.Combine(outDir, "backbone.onnx"));

        var again = CliRun.Of("pretrain", "--config", config, "--max-iterations", "1", "--out", outDir);
        Assert.AreEqual(1, again.ExitCode, again.ToString());
        StringAssert.Contains(again.Error, $"--out {outDir} already holds a pretraining run");
        StringAssert.Contains(again.Error, $"--resume {outDir}");
        StringAssert.Contains(again.Error, "--overwrite");
        Assert.AreEqual(losses, File.ReadAllText(Path.Combine(outDir, "losses.csv")), "losses.csv untouched");
        CollectionAssert.AreEqual(onnx, File.ReadAllBytes(Path.Combine(outDir, "backbone.onnx")), "backbone.onnx untouched");

        var both = CliRun.Of("pretrain", "--config", config, "--resume", outDir, "--overwrite", "--out", outDir);
        Assert.AreEqual(2, both.ExitCode, both.ToString());

        var over = CliRun.Of("pretrain", "--config", config, "--max-iterations", "1", "--overwrite", "--out", outDir);
        Assert.AreEqual(0, over.ExitCode, over.ToString());
        Assert.HasCount(2, File.ReadAllLines(Path.Combine(outDir, "losses.csv")), "a new run: header + 1 iteration");
        CollectionAssert.AreEqual(new[] { "iter_0000001" },
            Directory.GetDirectories(Path.Combine(outDir, "checkpoints")).Select(Path.GetFileName).ToArray(), "the old run's checkpoints are gone");
    }

    [TestMethod]
    public void SigintWritesACheckpointAndTheResumeContinuesExactly()
    {
        // No scheduled checkpoints: the only one comes from the signal. One LibTorch thread everywhere, so the
        // child process and this one compute the same floats.
        var config = TinyPipeline();
        string[] settings = ["--set", "train.official_epoch_length=40", "--set", "train.checkpoint_every=0", "--set", "train.torch_threads=1"];
        var root = RepoPaths.NewTempFolder();
        var interrupted = Path.Combine(root, "interrupted");
        int stoppedAt;
        using (var child = CliProcess.Start(["pretrain", "--config", config, .. settings, "--out", interrupted]))
        {
            child.WaitForErrorLine(line => line.StartsWith("it 1/40 ", StringComparison.Ordinal), TimeSpan.FromMinutes(3));
            child.Signal(CliProcess.SigInt);
            var run = child.Wait(TimeSpan.FromMinutes(3));
            Assert.AreEqual(130, run.ExitCode, run.ToString());
            var checkpoints = Directory.GetDirectories(Path.Combine(interrupted, "checkpoints"), "iter_*");
            Assert.HasCount(1, checkpoints, run.ToString());
            stoppedAt = int.Parse(Path.GetFileName(checkpoints[0])["iter_".Length..], CultureInfo.InvariantCulture);
            Assert.IsTrue(stoppedAt is >= 1 and < 40, $"stopped after {stoppedAt} iterations");
            StringAssert.Contains(run.Error, $"interrupted by SIGINT after {stoppedAt} iterations; checkpoint {checkpoints[0]}");
            StringAssert.Contains(run.Error, $"--resume {interrupted} --out {interrupted}");
            Assert.HasCount(stoppedAt + 1, File.ReadAllLines(Path.Combine(interrupted, "losses.csv")), "every finished iteration logged");
            Assert.IsEmpty(Directory.GetFiles(interrupted, "*.partial", SearchOption.AllDirectories));
        }

        var end = (stoppedAt + 2).ToString(CultureInfo.InvariantCulture);
        var resumed = CliRun.Of(["pretrain", "--config", config, .. settings, "--max-iterations", end, "--resume", interrupted, "--out", interrupted]);
        Assert.AreEqual(0, resumed.ExitCode, resumed.ToString());
        var straight = Path.Combine(root, "straight");
        var reference = CliRun.Of(["pretrain", "--config", config, .. settings, "--max-iterations", end, "--out", straight]);
        Assert.AreEqual(0, reference.ExitCode, reference.ToString());

        var expected = File.ReadAllLines(Path.Combine(straight, "losses.csv"));
        var actual = File.ReadAllLines(Path.Combine(interrupted, "losses.csv"));
        Assert.HasCount(stoppedAt + 3, actual);
        for (var row = 1; row < expected.Length; row++)
            CollectionAssert.AreEqual(expected[row].Split(',')[..6], actual[row].Split(',')[..6], $"losses.csv row {row}: iteration and loss terms");
    }

    [TestMethod]
    public void ADivergingLossStopsWithExitCode1NamingTheIterationAndTheTermsAndKeepsTheCheckpoints()
    {
        var outDir = Path.Combine(RepoPaths.NewTempFolder(), "run");
        var run = CliRun.Of("pretrain", "--config", TinyPipeline(), "--set", "optim.base_lr=1000", "--out", outDir);
        Assert.AreEqual(1, run.ExitCode, run.ToString());
        StringAssert.Matches(run.Error, new System.Text.RegularExpressions.Regex(
            @"error: training diverged: the loss is not finite at iteration \d+ \(counted from 0, as in losses\.csv\): dino_global_loss is NaN"));
        Assert.DoesNotContain("   at ", run.Error, "no stack trace");
        var checkpoints = Directory.GetDirectories(Path.Combine(outDir, "checkpoints"), "iter_*");
        Assert.IsNotEmpty(checkpoints, "the checkpoints written before it are kept");
        StringAssert.Contains(run.Error, $"its last checkpoint is kept ({checkpoints.Max()})");
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
