using System.Globalization;
using RedDino.MLNet.Embeddings;
using RedDino.Tests.Shared;
using RedDino.Formats.Manifests;

namespace RedDino.Cli.Tests.Commands;

/// <summary>`reddino embed` on the tiny ViT fixture (tests/fixtures/embedding): outputs equal the PyTorch
/// reference within 1e-4 + 1e-4|b|; cache, --skip-bad and usage errors.</summary>
[TestClass]
public sealed class EmbedCommandTests
{
    private static string Fixture(string name) => RepoPaths.Fixture("embedding", name);

    private static float[] Expected() => File.ReadAllLines(Fixture("expected_tiny_vit.csv")).Skip(1)
        .SelectMany(l => l.Split(',').Skip(5).Select(v => float.Parse(v, CultureInfo.InvariantCulture))).ToArray();

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.HasCount(expected.Length, actual);
        for (var i = 0; i < expected.Length; i++)
            Assert.IsLessThanOrEqualTo(1e-4 + 1e-4 * Math.Abs(expected[i]), Math.Abs(actual[i] - expected[i]), $"value {i}");
    }

    [TestMethod]
    public void CsvOutputMatchesPyTorchAndASecondRunReadsTheCache()
    {
        var folder = RepoPaths.NewTempFolder();
        var output = Path.Combine(folder, "out", "tiny.csv");
        var cache = Path.Combine(folder, "cache");
        string[] args = ["embed", "--model", Fixture("tiny_vit.onnx"), "--manifest", Fixture("manifest.csv"), "--out", output,
            "--batch-size", "4", "--device", "cpu", "--cache-dir", cache];

        var first = CliRun.Of(args);
        Assert.AreEqual(0, first.ExitCode, first.ToString());
        Assert.AreEqual(Path.GetFullPath(output), first.LastLine);
        StringAssert.Contains(first.Error, "11 computed, 0 from cache");
        var set = EmbeddingSet.Read(output);
        AssertClose(Expected(), set.Values);
        Assert.AreEqual("tiny_vit", set.Info.ModelName);
        Assert.IsTrue(File.Exists(output + ".json"), "CSV sidecar");
        Assert.AreEqual("row 4", set.Manifest.Rows[4].Extra!["note"], "pass-through columns kept");
        Assert.IsFalse(File.Exists(output + ".skipped.csv"));

        var second = CliRun.Of(args);
        Assert.AreEqual(0, second.ExitCode, second.ToString());
        StringAssert.Contains(second.Error, "0 computed, 11 from cache");
        CollectionAssert.AreEqual(set.Values, EmbeddingSet.Read(output).Values);
    }

    [TestMethod]
    public void ParquetOutputWithoutCache()
    {
        var folder = RepoPaths.NewTempFolder();
        var output = Path.Combine(folder, "tiny.parquet");
        var run = CliRun.Of("embed", "--model", Fixture("tiny_vit.onnx"), "--manifest", Fixture("manifest.csv"), "--out", output, "--no-cache", "--device", "cpu");
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        StringAssert.Contains(run.Error, "cache off");
        var set = EmbeddingSet.Read(output);
        AssertClose(Expected(), set.Values);
        Assert.AreEqual(64, set.Info.ModelSha256.Length);
    }

    [TestMethod]
    public void BadImagesStopTheRunUnlessSkipped()
    {
        var folder = RepoPaths.NewTempFolder();
        var jpeg = File.ReadAllBytes(RepoPaths.Fixture("imaging", "sources", "smooth_150x113.jpg"));
        File.WriteAllBytes(Path.Combine(folder, "truncated.jpg"), jpeg[..(jpeg.Length / 3)]);
        File.Copy(RepoPaths.Fixture("imaging", "sources", "rgb_37x23.png"), Path.Combine(folder, "good.png"));
        File.WriteAllText(Path.Combine(folder, "manifest.csv"), "path,label\ngood.png,a\ntruncated.jpg,b\nmissing.png,a\ngood.png,b\n");
        var output = Path.Combine(folder, "emb.csv");
        string[] args = ["embed", "--model", Fixture("tiny_vit.onnx"), "--manifest", Path.Combine(folder, "manifest.csv"), "--out", output, "--no-cache"];

        var strict = CliRun.Of(args);
        Assert.AreEqual(1, strict.ExitCode, strict.ToString());
        StringAssert.Contains(strict.Error, "row 2");
        StringAssert.Contains(strict.Error, Path.Combine(folder, "truncated.jpg"));
        Assert.IsFalse(File.Exists(output), "no output after a failed run");

        var lenient = CliRun.Of([.. args, "--skip-bad"]);
        Assert.AreEqual(0, lenient.ExitCode, lenient.ToString());
        StringAssert.Contains(lenient.Error, "skipped 2 bad image(s)");
        Assert.AreEqual(2, EmbeddingSet.Read(output).Count);
        var skipped = File.ReadAllLines(output + ".skipped.csv");
        Assert.AreEqual("row,path,label,reason", skipped[0]);
        Assert.HasCount(3, skipped);
        StringAssert.StartsWith(skipped[1], "2,truncated.jpg,b,");
        StringAssert.Contains(skipped[1], "truncated");
        StringAssert.StartsWith(skipped[2], "3,missing.png,a,");
        StringAssert.Contains(skipped[2], "not found");
    }

    [TestMethod]
    public void UsageErrorsExitWith2()
    {
        var output = Path.Combine(RepoPaths.NewTempFolder(), "x.csv");
        string[] common = ["embed", "--model", Fixture("tiny_vit.onnx"), "--manifest", Fixture("manifest.csv")];
        Assert.AreEqual(2, CliRun.Of([.. common, "--out", output, "--device", "tpu"]).ExitCode);
        Assert.AreEqual(2, CliRun.Of([.. common, "--out", output, "--no-cache", "--cache-dir", "c"]).ExitCode);
        Assert.AreEqual(2, CliRun.Of([.. common, "--out", Path.ChangeExtension(output, ".txt")]).ExitCode);
        Assert.AreEqual(2, CliRun.Of([.. common, "--out", output, "--batch-size", "0"]).ExitCode);
        Assert.AreEqual(2, CliRun.Of([.. common, "--out", output, "--batch-size", "big"]).ExitCode);
        Assert.AreEqual(2, CliRun.Of("embed", "--manifest", Fixture("manifest.csv"), "--out", output).ExitCode);
        var badModel = CliRun.Of("embed", "--model", Fixture("tiny_wrong_names.onnx"), "--manifest", Fixture("manifest.csv"), "--out", output, "--no-cache");
        Assert.AreEqual(1, badModel.ExitCode, badModel.ToString());
        StringAssert.Contains(badModel.Error, "pixel_values");
    }

    /// <summary>`embed --model FILE.safetensors`: converted without LibTorch into the cache's models/ folder, the
    /// embeddings equal PyTorch's, and the model sha256 is that of the file `reddino export --checkpoint` writes.</summary>
    [TestMethod]
    public void ASafetensorsModelEmbedsAsTheExportedOnnx()
    {
        var folder = RepoPaths.NewTempFolder();
        var images = Enumerable.Range(0, 4).Select(i => RepoPaths.Fixture("backbone", "images", $"cell_{i}.png")).ToArray();
        var manifest = Path.Combine(folder, "cells.csv");
        File.WriteAllLines(manifest, ["path,label", .. images.Select((p, i) => $"{p},c{i}")]);
        var checkpoint = RepoPaths.Fixture("backbone", "tiny_vit_timm.safetensors");
        var output = Path.Combine(folder, "cells.emb.csv");
        var run = CliRun.Of("embed", "--model", checkpoint, "--manifest", manifest, "--out", output, "--cache-dir", Path.Combine(folder, "cache"), "--device", "cpu");
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        var set = EmbeddingSet.Read(output);
        Assert.AreEqual("tiny_vit_timm", set.Info.ModelName);
        Assert.HasCount(1, Directory.GetFiles(Path.Combine(folder, "cache", "models"), "*.onnx"));

        var exported = Path.Combine(folder, "exported.onnx");
        Assert.AreEqual(0, CliRun.Of("export", "--checkpoint", checkpoint, "--out", exported).ExitCode);
        Assert.AreEqual(RedDino.Formats.IO.FileHash.Sha256(exported), set.Info.ModelSha256);
        var bytes = File.ReadAllBytes(RepoPaths.Fixture("backbone", "expected", "cls_224.bin"));
        var expected = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, expected, 0, bytes.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.IsLessThanOrEqualTo(1e-4 + 1e-4 * Math.Abs(expected[i]), Math.Abs(set.Values[i] - expected[i]), $"value {i}");
    }

    /// <summary>A shard of a safetensors model: the part's marker records the converted ONNX's sha256, as the
    /// unsharded run's sidecar does, so the parts read back as one set of the same embeddings.</summary>
    [TestMethod]
    public void ASafetensorsModelEmbedsInShardsToo()
    {
        var folder = RepoPaths.NewTempFolder();
        var images = Enumerable.Range(0, 4).Select(i => RepoPaths.Fixture("backbone", "images", $"cell_{i}.png")).ToArray();
        var manifest = Path.Combine(folder, "cells.csv");
        File.WriteAllLines(manifest, ["path,label", .. images.Select((p, i) => $"{p},c{i}")]);
        var checkpoint = RepoPaths.Fixture("backbone", "tiny_vit_timm.safetensors");
        var cache = Path.Combine(folder, "cache");
        var whole = Path.Combine(folder, "whole.csv");
        Assert.AreEqual(0, CliRun.Of("embed", "--model", checkpoint, "--manifest", manifest, "--out", whole, "--cache-dir", cache, "--device", "cpu").ExitCode);
        var parts = Path.Combine(folder, "parts");
        foreach (var shard in new[] { "1/2", "2/2" })
        {
            var run = CliRun.Of("embed", "--model", checkpoint, "--manifest", manifest, "--out", parts, "--shard", shard, "--cache-dir", cache, "--device", "cpu");
            Assert.AreEqual(0, run.ExitCode, run.ToString());
        }
        var expected = EmbeddingSet.Read(whole);
        var sharded = EmbeddingSet.Read(parts);
        Assert.AreEqual(expected.Info.ModelSha256, sharded.Info.ModelSha256);
        CollectionAssert.AreEqual(expected.Values, sharded.Values);
    }

    [TestMethod]
    public void CudaThatCannotStartIsAnErrorOfOneLine()
    {
        var output = Path.Combine(RepoPaths.NewTempFolder(), "x.csv");
        var run = CliRun.Of("embed", "--model", Fixture("tiny_vit.onnx"), "--manifest", Fixture("manifest.csv"), "--out", output,
            "--device", "cuda", "--gpu-id", "1", "--no-cache");
        Assert.AreEqual(1, run.ExitCode, run.ToString());
        var lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.HasCount(1, lines, run.Error);
        StringAssert.StartsWith(lines[0], "error: CUDA (GPU 1) cannot start: ");
        StringAssert.Contains(lines[0], "'auto' falls back to the CPU");
        Assert.IsFalse(File.Exists(output));
    }
}

/// <summary>The default cache location is relative to the current folder, which is process-wide state.</summary>
[TestClass]
[DoNotParallelize]
public sealed class EmbedDefaultCacheTests
{
    [TestMethod]
    public void DefaultCacheIsDotReddinoCacheInTheCurrentFolder()
    {
        var folder = RepoPaths.NewTempFolder();
        var previous = Environment.CurrentDirectory;
        try
        {
            Environment.CurrentDirectory = folder;
            var run = CliRun.Of("embed", "--model", RepoPaths.Fixture("embedding", "tiny_vit.onnx"), "--manifest", RepoPaths.Fixture("embedding", "manifest.csv"), "--out", "e.csv");
            Assert.AreEqual(0, run.ExitCode, run.ToString());
            Assert.HasCount(11, Directory.GetFiles(Path.Combine(folder, ".reddino-cache"), "*.emb", SearchOption.AllDirectories));
        }
        finally
        {
            Environment.CurrentDirectory = previous;
        }
    }
}
