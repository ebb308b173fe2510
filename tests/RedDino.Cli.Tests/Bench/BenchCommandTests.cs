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
            "protocol": {"type": "kfold", "folds": 3, "batch_column": "image"},
            "classifiers": ["linear_probe", "knn_1", "knn_3"]
            """);
        // The embedding cache (and the converted checkpoint) in the test's folder, not in the current one.
        _run = CliRun.Of("bench", pipeline, "--out", Path.Combine(_folder, "results"), "--set", $"embedding.cache_folder={Cache}");
    }

    private static string Cache => Path.Combine(_folder, "cache");

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
        StringAssert.Matches(md, new Regex(@"\| tiny-checkpoint \| \d+\.\d±\d+\.\d \[\d+\.\d, \d+\.\d\] \|"), "intervals beside the means");
    }

    [TestMethod]
    public void MetricsAndReportsHoldTheAnalysisOfEveryBackbone()
    {
        var results = Path.Combine(_folder, "results");
        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(results, "metrics.json")))!;
        Assert.AreEqual(2, metrics["schema_version"]!.GetValue<int>());
        foreach (var (name, backbone) in metrics["backbones"]!.AsObject())
        {
            Assert.AreEqual("image", backbone!["batch_effects"]!["batch_column"]!.GetValue<string>(), $"{name}: the pipeline's protocol.batch_column");
            Assert.HasCount(2, backbone["classifiers"]!["knn_1"]!["ci95"]!["weighted_f1"]!.AsArray());
            Assert.IsNotNull(backbone["classifiers"]!["linear_probe"]!["pooled"]!["accuracy"]);
        }
        var comparisons = metrics["comparisons"]!.AsArray();
        CollectionAssert.AreEqual(new[] { "linear_probe", "knn_1", "knn_3" }, comparisons.Select(c => c!["classifier"]!.GetValue<string>()).ToArray());
        Assert.IsTrue(comparisons.All(c => c!["a"]!.GetValue<string>() == "tiny-onnx" && c["b"]!.GetValue<string>() == "tiny-checkpoint"));

        var md = File.ReadAllText(Path.Combine(results, "report.md"));
        foreach (var heading in new[] { "## Batch effects", "### tiny-onnx: batch effects over 'image'", "## Is A better than B?",
                     "### 3-NN: weighted F1, row minus column", "### 3-NN: balanced accuracy, row minus column", "iLISI: 0 = every neighbourhood is one batch" })
            StringAssert.Contains(md, heading);
        StringAssert.Contains(md, "3 comparison(s) per metric");
        var html = File.ReadAllText(Path.Combine(results, "report.html"));
        StringAssert.Contains(html, "<h2>Is A better than B?</h2>");
        StringAssert.Contains(html, "<h3>Linear probe: weighted F1, row minus column (percentage points)</h3>");
        Assert.DoesNotContain("balanced accuracy, row minus column", html, "HTML shows the weighted-F1 matrices only");
        var run = JsonNode.Parse(File.ReadAllText(Path.Combine(results, "run.json")))!;
        Assert.AreEqual(0, run["seeds"]!["bootstrap"]!.GetValue<int>(), "the bootstrap seed is the run's seed");
        Assert.AreEqual("image", run["configuration"]!["protocol"]!["batch_column"]!.GetValue<string>());
    }

    [TestMethod]
    public void ReportHtmlEmbedsOnlyNonBlankImages()
    {
        var html = File.ReadAllText(Path.Combine(_folder, "results", "report.html"));
        var images = Regex.Matches(html, "src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").Select(m => Convert.FromBase64String(m.Groups[1].Value)).ToList();
        // Per backbone: UMAP by class and by source (the batch column 'image'), F1 bars, 3 confusion heatmaps.
        Assert.HasCount(12, images);
        foreach (var png in images) ReportWriterTests.AssertNonBlankImage(png);
        foreach (var backbone in new[] { "tiny-onnx", "tiny-checkpoint" })
            foreach (var (file, by) in new[] { ("class", "class"), ("source", "source (image)") })
                Assert.IsTrue(html.Contains($"{backbone}: UMAP of the embeddings by {by}; 24 images; 15 neighbours, min_dist 0.1, 500 epochs, seed 0 (plots/umap-{backbone}-{file}.png)", StringComparison.Ordinal),
                    $"{backbone}: UMAP by {by}");
        var run = JsonNode.Parse(File.ReadAllText(Path.Combine(_folder, "results", "run.json")))!;
        Assert.AreEqual(0, run["seeds"]!["umap"]!.GetValue<int>(), "UMAP is seeded by the run's seed");
        Assert.AreEqual("umap", run["configuration"]!["report"]!["map"]!.GetValue<string>());
    }

    /// <summary>The gallery's neighbours (plots/gallery.csv) are those of an independent brute-force search over the
    /// embeddings the bench wrote: 3 queries per class, 5 neighbours each, the query left out.</summary>
    [TestMethod]
    public void GalleryNeighboursAreTheBruteForceNeighboursOfEachBackbonesEmbeddings()
    {
        var results = Path.Combine(_folder, "results");
        var lines = File.ReadAllLines(Path.Combine(results, "plots", "gallery.csv"));
        Assert.AreEqual("backbone,query_row,query_path,query_label,rank,neighbor_row,neighbor_path,neighbor_label,distance,same_label", lines[0]);
        var entries = lines.Skip(1).Select(l => l.Split(',')).ToList();
        foreach (var backbone in new[] { "tiny-onnx", "tiny-checkpoint" })
        {
            var set = EmbeddingSet.Read(Path.Combine(results, "embeddings", backbone + ".parquet"));
            var mine = entries.Where(e => e[0] == backbone).ToList();
            Assert.HasCount(4 * 3 * 5, mine, $"{backbone}: 4 classes x 3 queries x 5 neighbours");
            foreach (var query in mine.GroupBy(e => int.Parse(e[1])))
            {
                var expected = NeighborGalleryTests.BruteForce(set.Values, set.Dimension, query.Key, 5);
                CollectionAssert.AreEqual(expected.Select(n => n.Row).ToArray(), query.OrderBy(e => int.Parse(e[4])).Select(e => int.Parse(e[5])).ToArray(), $"{backbone}, query row {query.Key}");
                foreach (var (e, n) in query.OrderBy(e => int.Parse(e[4])).Zip(expected))
                {
                    Assert.AreEqual(n.Distance, double.Parse(e[8], System.Globalization.CultureInfo.InvariantCulture), 1e-9 * (1 + n.Distance));
                    Assert.AreEqual(set.Manifest.Rows[n.Row].Label, e[7]);
                    Assert.AreEqual(set.Manifest.Rows[query.Key].Label == e[7] ? "true" : "false", e[9]);
                }
            }
            CollectionAssert.AreEquivalent(new[] { "Macrocyte", "Normal cell", "Schistocyte", "Teardrop" }, mine.Select(e => e[3]).Distinct().ToArray());
        }
        var html = File.ReadAllText(Path.Combine(results, "report.html"));
        Assert.AreEqual(12 * (1 + 2 * 5), Regex.Matches(html, "<img src=\"data:image/jpeg;base64,").Count, "a thumbnail for every query and neighbour");
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
        Assert.AreEqual("auto", run["configuration"]!["embedding"]!["batch_size"]!.GetValue<string>());
    }

    [TestMethod]
    public void JsonAndQuietPrintMetricsThenTheFolder()
    {
        // Same pipeline again: every embedding now comes from the cache.
        var pipeline = Path.Combine(_folder, "small.json");
        var run = CliRun.Of("bench", pipeline, "--out", Path.Combine(_folder, "again"), "--json", "--quiet", "--set", $"embedding.cache_folder={Cache}");
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        var lines = run.Out.TrimEnd().Split('\n');
        Assert.AreEqual(Path.Combine(_folder, "again"), lines[^1].Trim());
        var metrics = JsonNode.Parse(string.Join('\n', lines[..^1]))!;
        Assert.AreEqual(2, metrics["schema_version"]!.GetValue<int>());
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
        var run = CliRun.Of("bench", pipeline, "--quiet", "--out", Path.Combine(folder, "out"), "--set", $"embedding.cache_folder={Path.Combine(folder, "cache")}");
        Assert.AreEqual(1, run.ExitCode, run.ToString());
        StringAssert.Contains(run.Error, "3.png");
    }

    private static void ReplicaTreesCopy(string path) => RedDino.MLNet.Tests.Datasets.ReplicaTrees.WritePng(path, 20, 20);
}
