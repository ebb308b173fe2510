using System.Globalization;
using System.Text.Json.Nodes;
using CsvHelper;
using RedDino.MLNet.Evaluation;
using RedDino.Tests.Shared;

namespace RedDino.MLNet.Tests.Evaluation;

[TestClass]
public sealed class EvaluationReportTests
{
    [TestMethod]
    public void MetricsJsonFollowsTheContract()
    {
        var result = EmbeddingEvaluatorTests.Evaluate("loso");
        var json = EvaluationReport.Of(result).ToJson();

        Assert.AreEqual(1, json["schema_version"]!.GetValue<int>());
        Assert.AreEqual("loso", json["protocol"]!.GetValue<string>());
        Assert.IsNull(json["folds"]);
        Assert.AreEqual("source", json["group_column"]!.GetValue<string>());
        CollectionAssert.AreEqual(result.Classes.ToArray(), EvaluationFixtures.Strings(json["classes"]));
        var backbone = json["backbones"]!["tiny-backbone"]!;
        Assert.AreEqual(new string('0', 64), backbone["model_sha256"]!.GetValue<string>());
        Assert.AreEqual(16, backbone["embed_dim"]!.GetValue<int>());
        CollectionAssert.AreEqual(new[] { "linear_probe", "knn_1", "knn_3" }, backbone["classifiers"]!.AsObject().Select(p => p.Key).ToArray());
        var knn = backbone["classifiers"]!["knn_1"]!;
        var splits = knn["splits"]!.AsArray();
        CollectionAssert.AreEqual(new[] { "s1", "s2", "s3" }, splits.Select(s => s!["test_group"]!.GetValue<string>()).ToArray());
        var first = splits[0]!.AsObject();
        CollectionAssert.AreEqual(new[] { "split", "test_group", "n_train", "n_test", "accuracy", "balanced_accuracy", "weighted_f1", "per_class", "confusion" },
            first.Select(p => p.Key).ToArray());
        CollectionAssert.AreEqual(new[] { "class", "precision", "recall", "f1", "support" }, first["per_class"]![0]!.AsObject().Select(p => p.Key).ToArray());
        Assert.HasCount(3, first["confusion"]!.AsArray());
        var mean = knn["mean"]!["accuracy"]!.GetValue<double>();
        Assert.AreEqual(splits.Average(s => s!["accuracy"]!.GetValue<double>()), mean, 1e-12);
        Assert.IsNotNull(knn["std"]!["weighted_f1"]);
        Assert.DoesNotContain("NaN", json.ToJsonString());
    }

    [TestMethod]
    public void MergeIntoAddsBackbonesAndRejectsAnotherProtocol()
    {
        var folder = RepoPaths.NewTempFolder();
        var metrics = Path.Combine(folder, "metrics.json");
        var loso = EmbeddingEvaluatorTests.Evaluate("loso");
        EvaluationReport.MergeInto(metrics, loso);
        EvaluationReport.MergeInto(metrics, loso with { Backbone = "other/backbone" });
        var json = JsonNode.Parse(File.ReadAllText(metrics))!;
        CollectionAssert.AreEqual(new[] { "tiny-backbone", "other/backbone" }, json["backbones"]!.AsObject().Select(p => p.Key).ToArray());
        Assert.IsTrue(File.Exists(PredictionsCsv.PathFor(folder, "other/backbone", "knn_1")));
        StringAssert.EndsWith(PredictionsCsv.PathFor(folder, "other/backbone", "knn_1"), Path.Combine("predictions", "other_backbone", "knn_1.csv"));

        var error = Assert.ThrowsExactly<InvalidDataException>(() => EvaluationReport.MergeInto(metrics, EmbeddingEvaluatorTests.Evaluate("kfold")));
        StringAssert.Contains(error.Message, "'protocol'");
        Assert.ThrowsExactly<InvalidOperationException>(() => EvaluationReport.Of(loso, EmbeddingEvaluatorTests.Evaluate("kfold")));
    }

    [TestMethod]
    public void PredictionFilesHoldEveryTestRowAndAgreeWithTheMetrics()
    {
        var result = EmbeddingEvaluatorTests.Evaluate("kfold");
        var folder = RepoPaths.NewTempFolder();
        EvaluationReport.Of(result).WritePredictions(folder);
        foreach (var classifier in result.Classifiers)
        {
            using var reader = new StreamReader(PredictionsCsv.PathFor(folder, result.Backbone, classifier.Name));
            using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
            var records = csv.GetRecords<dynamic>().Cast<IDictionary<string, object>>().ToArray();
            Assert.HasCount(result.Paths.Count, records, "five-fold tests every row once");
            CollectionAssert.AreEqual(new[] { "split", "row", "path", "label", "predicted" }, records[0].Keys.ToArray());
            foreach (var split in classifier.Splits)
            {
                var rows = records.Where(r => (string)r["split"] == split.Split.ToString(CultureInfo.InvariantCulture)).ToArray();
                var accuracy = rows.Count(r => (string)r["label"] == (string)r["predicted"]) / (double)rows.Length;
                Assert.AreEqual(split.Metrics.Accuracy!.Value, accuracy, 1e-12);
                Assert.IsTrue(rows.All(r => result.Paths[int.Parse((string)r["row"], CultureInfo.InvariantCulture)] == (string)r["path"]));
            }
        }
    }

    [TestMethod]
    public void TableUsesThePapersForm()
    {
        Assert.AreEqual("88.1±4.9", ResultsTable.Cell(0.881, 0.049));
        Assert.AreEqual("50.0", ResultsTable.Cell(0.5, null));
        Assert.AreEqual("n/a", ResultsTable.Cell(null, null));
        var document = EvaluationReport.Of(EmbeddingEvaluatorTests.Evaluate("kfold")).ToDocument();
        var lines = ResultsTable.Text(document, ResultsTableLayout.ClassifierRows).TrimEnd().Split('\n');
        Assert.HasCount(5, lines);
        StringAssert.StartsWith(lines[0], "backbone");
        StringAssert.Contains(lines[2], "tiny-backbone  linear_probe");
        StringAssert.Matches(lines[3], new System.Text.RegularExpressions.Regex(@"knn_1\s+\d+\.\d±\d+\.\d\s+\d+\.\d±\d+\.\d\s+\d+\.\d±\d+\.\d$"));
    }
}
