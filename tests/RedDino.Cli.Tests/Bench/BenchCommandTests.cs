using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RedDino.Cli.Tests.Reports;
using RedDino.MLNet.Embeddings;
using RedDino.Tests.Shared;
using RedDino.Formats.Manifests;

namespace RedDino.Cli.Tests.Bench;

/// <summary>`reddino bench` end to end on a reduced pipeline: 24 bundled sample cells (4 classes),
/// a tiny ViT given as an ONNX model and the same kind of tiny ViT given as a checkpoint that the
/// bench converts on the fly, 3-fold, linear probe + 1-NN + 3-NN.</summary>
[TestClass]
public sealed class BenchCommandTests
{
    private static string _folder = "";
    private static CliRun _run = null!;

    [ClassInitialize]
    public static void RunBench(TestContext _)
    {
        _folder = RepoPaths.NewTempFolder("bench");
        var manifest = SmallManifest(_folder);
        var pipeline = WritePipeline(_folder, "small", $$"""
            "dataset": {{Json(manifest)}},
            "backbones": [
              {"name": "tiny-onnx", "model": {{Json(RepoPaths.Fixture("embedding", "tiny_vit.onnx"))}}},
              {"name": "tiny-checkpoint", "checkpoint": {{Json(RepoPaths.Fixture("backbone", "tiny_vit_timm.safetensors"))}}}
            ],
            "protocol": {"type": "kfold", "folds": 3},
            "classifiers": ["linear_probe", "knn_1", "knn_3"]
            """);
        _run = CliRun.Of("bench", pipeline, "--out", Path.Combine(_folder, "results"));
    }

    [ClassCleanup]
    public static void DeleteResults() => Directory.Delete(_folder, recursive: true);

    private static string Json(string text) => JsonValue.Create(text).ToJsonString();

    private static string WritePipeline(string folder, string name, string body)
    {
        var path = Path.Combine(folder, name + ".json");
        File.WriteAllText(path, $$"""{"kind": "bench", "name": "{{name}}", {{body}}}""");
        return path;
    }

    /// <summary>The first 6 cells of 4 classes of the bundled sample, with absolute paths.</summary>
    private static string SmallManifest(string folder)
    {
        var sample = Path.Combine(RepoPaths.Root, "data-manifests", "chula-sample", "manifest.csv");
        var full = Manifest.Read(sample);
        var rows = full.Rows.Where(r => r.Label is "Normal cell" or "Macrocyte" or "Teardrop" or "Schistocyte")
            .GroupBy(r => r.Label).SelectMany(g => g.Take(6))
            .Select(r => r with { Path = r.ResolvePath(full.BaseFolder()) }).ToList();
        var path = Path.Combine(folder, "small.csv");
        new Manifest(rows, full.Columns).Write(path);
        return path;
    }

    [TestMethod]
    public void WritesTheResultsFolderAndPrintsItLast()
    {
        Assert.AreEqual(0, _run.ExitCode, _run.ToString());
        var results = Path.Combine(_folder, "results");
        Assert.AreEqual(results, _run.LastLine);
        StringAssert.Contains(_run.Out, "| tiny-onnx".TrimStart('|', ' '));
        foreach (var file in new[] { "metrics.json", "run.json", "report.md", "report.html", "embeddings/tiny-onnx.parquet", "embeddings/tiny-checkpoint.parquet",
                     "predictions/tiny-onnx/linear_probe.csv", "predictions/tiny-checkpoint/knn_3.csv" })
            Assert.IsTrue(File.Exists(Path.Combine(results, file)), $"{file} exists");

        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(results, "metrics.json")))!;
        Assert.AreEqual(3, metrics["folds"]!.GetValue<int>());
        CollectionAssert.AreEqual(new[] { "tiny-onnx", "tiny-checkpoint" }, metrics["backbones"]!.AsObject().Select(b => b.Key).ToArray());
        foreach (var (_, backbone) in metrics["backbones"]!.AsObject())
        {
            CollectionAssert.AreEqual(new[] { "linear_probe", "knn_1", "knn_3" }, backbone!["classifiers"]!.AsObject().Select(c => c.Key).ToArray());
            Assert.HasCount(3, backbone["classifiers"]!["knn_1"]!["splits"]!.AsArray());
        }
        var md = File.ReadAllText(Path.Combine(results, "report.md"));
        StringAssert.Contains(md, "| Backbone | Linear probe | 1-NN | 3-NN |");
        StringAssert.Matches(md, new Regex(@"\| tiny-checkpoint \| \d+\.\d±\d+\.\d \|"));
    }

    [TestMethod]
    public void ReportHtmlEmbedsOnlyNonBlankImages()
    {
        var html = File.ReadAllText(Path.Combine(_folder, "results", "report.html"));
        var images = Regex.Matches(html, "src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").Select(m => Convert.FromBase64String(m.Groups[1].Value)).ToList();
        // Per backbone: F1 bars, 3 confusion heatmaps, PCA by class (no sources in this manifest).
        Assert.HasCount(10, images);
        foreach (var png in images) ReportWriterTests.AssertNonBlankImage(png);
    }

    [TestMethod]
    public void RunJsonRecordsTheConfigurationAndModelHashes()
    {
        var run = JsonNode.Parse(File.ReadAllText(Path.Combine(_folder, "results", "run.json")))!;
        var text = run.ToJsonString();
        StringAssert.Contains(text, "tiny-checkpoint");
        StringAssert.Contains(text, "\"knn_3\"");
        StringAssert.Matches(text, new Regex("[0-9a-f]{64}"), "model sha256 recorded");
        // The options are recorded whole, defaults included.
        Assert.IsTrue(run["configuration"]!["evaluation"]!["center_linear_probe_features"]!.GetValue<bool>());
        Assert.AreEqual(100.0, run["configuration"]!["evaluation"]!["linear_probe"]!["l2_numerator"]!.GetValue<double>());
        Assert.AreEqual(32, run["configuration"]!["embedding"]!["batch_size"]!.GetValue<int>());
    }

    [TestMethod]
    public void JsonAndQuietPrintMetricsThenTheFolder()
    {
        // Same pipeline again: every embedding now comes from the cache.
        var pipeline = Path.Combine(_folder, "small.json");
        var run = CliRun.Of("bench", pipeline, "--out", Path.Combine(_folder, "again"), "--json", "--quiet");
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        var lines = run.Out.TrimEnd().Split('\n');
        Assert.AreEqual(Path.Combine(_folder, "again"), lines[^1].Trim());
        var metrics = JsonNode.Parse(string.Join('\n', lines[..^1]))!;
        Assert.AreEqual(1, metrics["schema_version"]!.GetValue<int>());
        Assert.AreEqual("", run.Error.Trim(), "--quiet prints no notes");
    }

    [TestMethod]
    public void UnknownBackboneFieldIsExitCode1NamingIt()
    {
        var pipeline = WritePipeline(_folder, "bad", """
            "dataset": "m.csv", "backbones": [{"name": "x", "onnx_file": "x.onnx"}],
            "protocol": {"type": "kfold"}, "classifiers": ["knn_1"]
            """);
        var run = CliRun.Of("bench", pipeline, "--quiet");
        Assert.AreEqual(1, run.ExitCode, run.ToString());
        StringAssert.Contains(run.Error, "'backbones[0].onnx_file': unknown field");
    }

    [TestMethod]
    public void UnreadableImageIsExitCode1NamingTheFile()
    {
        var folder = RepoPaths.NewTempFolder("bench-bad");
        var rows = Enumerable.Range(0, 6).Select(i => $"{i}.png,{(i % 2 == 0 ? "a" : "b")}").ToList();
        for (var i = 0; i < 6; i++) ReplicaTreesCopy(Path.Combine(folder, $"{i}.png"));
        File.WriteAllText(Path.Combine(folder, "3.png"), "this is not a PNG");
        File.WriteAllText(Path.Combine(folder, "m.csv"), "path,label\n" + string.Join("\n", rows) + "\n");
        var pipeline = WritePipeline(folder, "broken", $$"""
            "dataset": "m.csv", "backbones": [{"name": "t", "model": {{Json(RepoPaths.Fixture("embedding", "tiny_vit.onnx"))}}}],
            "protocol": {"type": "kfold", "folds": 2}, "classifiers": ["knn_1"]
            """);
        var run = CliRun.Of("bench", pipeline, "--quiet", "--out", Path.Combine(folder, "out"));
        Assert.AreEqual(1, run.ExitCode, run.ToString());
        StringAssert.Contains(run.Error, "3.png");
    }

    private static void ReplicaTreesCopy(string path) => RedDino.MLNet.Tests.Datasets.ReplicaTrees.WritePng(path, 20, 20);
}
