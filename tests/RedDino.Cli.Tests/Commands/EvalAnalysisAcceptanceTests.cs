using System.Text.Json.Nodes;
using RedDino.Formats.Manifests;
using RedDino.MLNet.Embeddings;
using RedDino.MLNet.Tests.Evaluation;
using RedDino.Tests.Shared;

namespace RedDino.Cli.Tests.Commands;

/// <summary>Acceptance of the analysis through `reddino eval`: two embeddings files of the same 400 rows with a
/// weak and a strong source shift (tests/fixtures/analysis/synthetic.json), under 5-fold and
/// leave-one-source-out; every value of metrics.json (schema 2) against the independent numpy /
/// scikit-learn implementation of tests/fixtures/scripts/make_analysis_fixtures.py. Tolerances (docs/reference/analysis.md):
/// batch metrics 1e-4, source probe 1 point, k-NN per-split and pooled metrics, McNemar counts and p exact
/// (1e-12), t and p 1e-6, k-NN intervals 1e-9 (numpy's own random stream), linear-probe metrics 1 point and
/// intervals 1.5 points (ML.NET's L-BFGS is not scikit-learn's).</summary>
[TestClass]
public sealed class EvalAnalysisAcceptanceTests
{
    private const double Exact = 1e-12;
    private static string _folder = "";
    private static JsonObject _fixture = null!;
    private static readonly Dictionary<string, CliRun> Runs = [];

    [ClassInitialize]
    public static void RunEval(TestContext _)
    {
        _folder = RepoPaths.NewTempFolder("eval-analysis");
        _fixture = JsonNode.Parse(File.ReadAllText(RepoPaths.Fixture("analysis", "synthetic.json")))!.AsObject();
        // weak-batch is named by its sidecar's model_name, strong-batch by its file name (no sidecar).
        var weak = WriteEmbeddings("weak.csv", "weak-batch", sidecar: true);
        var strong = WriteEmbeddings("strong-batch.csv", "strong-batch", sidecar: false);
        foreach (var protocol in new[] { "kfold", "loso" })
            Runs[protocol] = CliRun.Of(["eval", "--embeddings", weak, "--embeddings", strong, "--protocol", protocol,
                .. protocol == "loso" ? new[] { "--group-column", "source" } : [], "--out", Path.Combine(_folder, protocol)]);
    }

    [ClassCleanup]
    public static void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    public static IEnumerable<object[]> Protocols => [["kfold"], ["loso"]];

    [TestMethod]
    [DynamicData(nameof(Protocols))]
    public void PerSplitMeanAndPooledMetricsMatchScikitLearn(string protocol)
    {
        var (metrics, expected) = Load(protocol);
        Assert.AreEqual(2, metrics["schema_version"]!.GetValue<int>());
        foreach (var (backbone, classifiers) in expected["backbones"]!.AsObject())
            foreach (var (classifier, reference) in classifiers!.AsObject())
            {
                var actual = metrics["backbones"]![backbone]!["classifiers"]![classifier]!;
                var knn = classifier.StartsWith("knn_", StringComparison.Ordinal);
                var what = $"{protocol} {backbone} {classifier}";
                var splits = reference!["splits"]!.AsArray();
                Assert.HasCount(splits.Count, actual["splits"]!.AsArray(), what);
                foreach (var key in new[] { "accuracy", "balanced_accuracy", "weighted_f1" })
                {
                    var values = splits.Select(s => s![key]!.GetValue<double>()).ToArray();
                    for (var s = 0; s < values.Length; s++)
                    {
                        Assert.AreEqual(splits[s]!["n_test"]!.GetValue<int>(), actual["splits"]![s]!["n_test"]!.GetValue<int>(), $"{what} split {s} n_test");
                        EvaluationFixtures.AssertClose(values[s], Number(actual["splits"]![s]![key]), knn ? Exact : 0.01, 0, $"{what} split {s} {key}");
                    }
                    var mean = values.Average();
                    var std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
                    EvaluationFixtures.AssertClose(mean, Number(actual["mean"]![key]), knn ? Exact : 0.01, 0, $"{what} mean {key}");
                    EvaluationFixtures.AssertClose(std, Number(actual["std"]![key]), knn ? 1e-9 : 0.01, 0, $"{what} std {key}");
                    EvaluationFixtures.AssertClose(reference["pooled"]![key]!.GetValue<double>(), Number(actual["pooled"]![key]), knn ? Exact : 0.01, 0, $"{what} pooled {key}");
                    for (var bound = 0; bound < 2; bound++)
                        EvaluationFixtures.AssertClose(reference["ci95"]![key]![bound]!.GetValue<double>(), Number(actual["ci95"]![key]![bound]),
                            knn ? 1e-9 : 0.015, 0, $"{what} ci95 {key}[{bound}]");
                }
            }
    }

    [TestMethod]
    [DynamicData(nameof(Protocols))]
    public void BatchEffectsMatchTheReference(string protocol)
    {
        var (metrics, _) = Load(protocol);
        foreach (var (backbone, reference) in _fixture["batch_effects"]!.AsObject())
        {
            var actual = metrics["backbones"]![backbone]!["batch_effects"]!;
            var what = $"{protocol} {backbone}";
            Assert.AreEqual("source", actual["batch_column"]!.GetValue<string>(), $"{what}: the default batch column");
            Assert.AreEqual(reference!["batches"]!.GetValue<int>(), actual["batches"]!.GetValue<int>(), what);
            EvaluationFixtures.AssertClose(reference["source_probe"]!["balanced_accuracy"]!.GetValue<double>(),
                Number(actual["source_probe"]!["balanced_accuracy"]), 0.01, 0, $"{what} source probe");
            Assert.AreEqual(reference["source_probe"]!["chance"]!.GetValue<double>(), Number(actual["source_probe"]!["chance"]), $"{what} chance");
            foreach (var key in new[] { "batch_asw", "ilisi", "graph_connectivity", "robustness_index" })
                EvaluationFixtures.AssertClose(reference[key]!.GetValue<double>(), Number(actual[key]), 1e-4, 0, $"{what} {key}");
        }
    }

    [TestMethod]
    [DynamicData(nameof(Protocols))]
    public void ComparisonsMatchTheReference(string protocol)
    {
        var (metrics, expected) = Load(protocol);
        var actual = metrics["comparisons"]!.AsArray();
        var reference = expected["comparisons"]!.AsArray();
        Assert.HasCount(reference.Count, actual, $"{protocol}: one comparison per pair and classifier");
        for (var i = 0; i < reference.Count; i++)
        {
            var (e, a) = (reference[i]!, actual[i]!);
            var classifier = e["classifier"]!.GetValue<string>();
            var what = $"{protocol} {classifier} {e["a"]} vs {e["b"]}";
            CollectionAssert.AreEqual(new[] { classifier, e["a"]!.GetValue<string>(), e["b"]!.GetValue<string>() },
                new[] { a["classifier"]!.GetValue<string>(), a["a"]!.GetValue<string>(), a["b"]!.GetValue<string>() }, what);
            if (!classifier.StartsWith("knn_", StringComparison.Ordinal))
            {
                // The linear probe's predictions differ from scikit-learn's on a few rows: only the differences are close.
                foreach (var key in new[] { "accuracy", "balanced_accuracy", "weighted_f1" })
                    EvaluationFixtures.AssertClose(e[key]!["mean_difference"]!.GetValue<double>(), Number(a[key]!["mean_difference"]), 0.01, 0, $"{what} {key}");
                continue;
            }
            Assert.AreEqual(e["n01"]!.GetValue<int>(), a["n01"]!.GetValue<int>(), $"{what} n01");
            Assert.AreEqual(e["n10"]!.GetValue<int>(), a["n10"]!.GetValue<int>(), $"{what} n10");
            EvaluationFixtures.AssertClose(e["mcnemar_p"]!.GetValue<double>(), Number(a["mcnemar_p"]), 0, Exact, $"{what} McNemar p");
            foreach (var key in new[] { "accuracy", "balanced_accuracy", "weighted_f1" })
            {
                EvaluationFixtures.AssertClose(e[key]!["mean_difference"]!.GetValue<double>(), Number(a[key]!["mean_difference"]), Exact, 0, $"{what} {key} mean difference");
                foreach (var statistic in new[] { "t", "p" })
                    if (e[key]![statistic] is null) Assert.IsNull(a[key]![statistic], $"{what} {key} {statistic}");
                    else EvaluationFixtures.AssertClose(e[key]![statistic]!.GetValue<double>(), Number(a[key]![statistic]), 1e-6, 0, $"{what} {key} {statistic}");
            }
        }
    }

    [TestMethod]
    [DynamicData(nameof(Protocols))]
    public void PrintsTheTablesAndRecordsTheRun(string protocol)
    {
        var run = Runs[protocol];
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        Assert.AreEqual(Path.GetFullPath(Path.Combine(_folder, protocol)), run.LastLine);
        StringAssert.Contains(run.Out, "Batch effects over 'source' (4 batches)");
        StringAssert.Contains(run.Out, "Is A better than B? 20-NN: weighted F1, row minus column");
        StringAssert.Matches(run.Out, new System.Text.RegularExpressions.Regex(@"strong-batch\s+knn_20\s+\d+\.\d±\d+\.\d \[\d+\.\d, \d+\.\d\]"));
        var record = JsonNode.Parse(File.ReadAllText(Path.Combine(_folder, protocol, "run.json")))!;
        Assert.AreEqual(0, record["seeds"]!["bootstrap"]!.GetValue<int>());
        Assert.HasCount(2, record["configuration"]!["embeddings"]!.AsArray());
        Assert.AreEqual("source", record["configuration"]!["batch_column"]!.GetValue<string>());
        Assert.AreEqual(1000, record["configuration"]!["analysis"]!["bootstrap_resamples"]!.GetValue<int>());
        Assert.IsTrue(File.Exists(Path.Combine(_folder, protocol, "predictions", "strong-batch", "knn_1.csv")));
    }

    [TestMethod]
    public void FilesOfDifferentRowsAreRefusedNamingTheFirstDifferingRow()
    {
        var rows = Rows();
        rows[16] = rows[16] with { Path = "cells/other.png" };
        var other = WriteEmbeddings("shuffled.csv", "shuffled", sidecar: true, rows);
        var run = CliRun.Of("eval", "--embeddings", Path.Combine(_folder, "weak.csv"), "--embeddings", other,
            "--protocol", "kfold", "--classifiers", "knn_1", "--out", Path.Combine(_folder, "refused"));
        Assert.AreEqual(1, run.ExitCode, run.ToString());
        StringAssert.Contains(run.Error, "row 17");
        StringAssert.Contains(run.Error, "shuffled.csv");
        Assert.IsFalse(Directory.Exists(Path.Combine(_folder, "refused", "predictions")), "nothing evaluated");

        var shorter = WriteEmbeddings("shorter.csv", "shorter", sidecar: true, Rows()[..399]);
        var truncated = CliRun.Of("eval", "--embeddings", Path.Combine(_folder, "weak.csv"), "--embeddings", shorter,
            "--protocol", "kfold", "--classifiers", "knn_1", "--out", Path.Combine(_folder, "refused"));
        Assert.AreEqual(1, truncated.ExitCode, truncated.ToString());
        StringAssert.Contains(truncated.Error, "row 400");
    }

    [TestMethod]
    public void TwoBackbonesOfOneNameAreRefusedNamingBothFiles()
    {
        var copy = Path.Combine(_folder, "copy");
        Directory.CreateDirectory(copy);
        foreach (var file in new[] { "weak.csv", "weak.csv.json" })
            File.Copy(Path.Combine(_folder, file), Path.Combine(copy, file));
        var run = CliRun.Of("eval", "--embeddings", Path.Combine(_folder, "weak.csv"), "--embeddings", Path.Combine(copy, "weak.csv"),
            "--protocol", "kfold", "--classifiers", "knn_1", "--out", Path.Combine(_folder, "refused-names"));
        Assert.AreEqual(1, run.ExitCode, run.ToString());
        StringAssert.Contains(run.Error, "'weak-batch'");
        StringAssert.Contains(run.Error, Path.Combine(_folder, "weak.csv"));
        StringAssert.Contains(run.Error, Path.Combine(copy, "weak.csv"));
    }

    [TestMethod]
    public void ABatchColumnThatIsNotThereIsBadInput()
    {
        var run = CliRun.Of("eval", "--embeddings", Path.Combine(_folder, "weak.csv"), "--protocol", "kfold", "--classifiers", "knn_1",
            "--batch-column", "scanner", "--out", Path.Combine(_folder, "refused-column"));
        Assert.AreEqual(1, run.ExitCode, run.ToString());
        StringAssert.Contains(run.Error, "no batch column 'scanner'");
    }

    private static (JsonObject Metrics, JsonObject Expected) Load(string protocol)
    {
        Assert.AreEqual(0, Runs[protocol].ExitCode, Runs[protocol].ToString());
        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(_folder, protocol, "metrics.json")))!.AsObject();
        return (metrics, _fixture["protocols"]![protocol]!.AsObject());
    }

    private static double? Number(JsonNode? node) => node?.GetValue<double>();

    private static ManifestRow[] Rows()
    {
        var labels = EvaluationFixtures.Strings(_fixture["labels"]);
        var batches = EvaluationFixtures.Strings(_fixture["batches"]);
        return labels.Select((label, i) => new ManifestRow($"cells/{i:000}.png", label, batches[i])).ToArray();
    }

    private static string WriteEmbeddings(string file, string backbone, bool sidecar, ManifestRow[]? rows = null)
    {
        rows ??= Rows();
        var dimension = _fixture["dim"]!.GetValue<int>();
        var values = EvaluationFixtures.Floats(_fixture["embeddings"]![backbone] ?? _fixture["embeddings"]!["weak-batch"]);
        var path = Path.Combine(_folder, file);
        new EmbeddingSet(new Manifest(rows, ["path", "label", "source"]), values[..(rows.Length * dimension)],
            new EmbeddingFileInfo(new string('0', 64), backbone, dimension)).Write(path);
        if (!sidecar) File.Delete(path + ".json");
        return path;
    }
}
