using Microsoft.ML;
using RedDino.Formats.Manifests;
using RedDino.Formats.Metrics;
using RedDino.MLNet.Embeddings;
using RedDino.MLNet.Evaluation;
using RedDino.MLNet.Evaluation.Analysis;
using RedDino.Tests.Shared;

namespace RedDino.MLNet.Tests.Evaluation.Analysis;

/// <summary>The library's one call (<see cref="MultiBackboneEvaluation.EvaluateAndAnalyze"/>) and the report that
/// carries the analysis into metrics.json, on the synthetic embeddings of two batch strengths against the
/// numpy / scikit-learn reference (tests/fixtures/analysis/synthetic.json): what an ML.NET user gets without the CLI.</summary>
[TestClass]
public sealed class MultiBackboneEvaluationTests
{
    private static readonly string[] Knn = ["knn_1", "knn_20"];

    private static EmbeddingSet[] Sets(string? firstName = null, string? firstFile = null)
    {
        var fixture = AnalysisFixtures.Load("synthetic.json");
        var labels = EvaluationFixtures.Strings(fixture["labels"]);
        var batches = EvaluationFixtures.Strings(fixture["batches"]);
        var rows = labels.Select((label, i) => new ManifestRow($"cells/{i:000}.png", label, batches[i])).ToArray();
        var dimension = fixture["dim"]!.GetValue<int>();
        return fixture["embeddings"]!.AsObject().Select((pair, i) => new EmbeddingSet(
            new Manifest(rows, ["path", "label", "source"], i == 0 ? firstFile ?? $"/data/{pair.Key}.csv" : $"/data/{pair.Key}.csv"),
            EvaluationFixtures.Floats(pair.Value), new EmbeddingFileInfo("", i == 0 ? firstName ?? pair.Key : pair.Key, dimension))).ToArray();
    }

    private static EmbeddingEvaluator Evaluator() =>
        new(new MLContext(seed: 1), new EvaluationOptions { Protocol = EvaluationProtocol.KFold(), Classifiers = ClassifierSpec.ParseList(Knn) });

    [TestMethod]
    public void OneCallCarriesBatchEffectsIntervalsAndComparisonsIntoMetricsJson()
    {
        var report = Evaluator().EvaluateAndAnalyze(Sets());
        var fixture = AnalysisFixtures.Load("synthetic.json");
        var expected = fixture["protocols"]!["kfold"]!;
        var document = report.ToDocument();
        Assert.AreEqual(MetricsDocument.SchemaVersion, 2);
        Assert.HasCount(2, report.Analyses);
        foreach (var backbone in document.Backbones)
        {
            var effects = backbone.BatchEffects!;
            var reference = fixture["batch_effects"]![backbone.Name]!;
            Assert.AreEqual("source", effects.BatchColumn, "the default batch column under k-fold");
            EvaluationFixtures.AssertClose(reference["source_probe"]!["balanced_accuracy"]!.GetValue<double>(), effects.SourceProbe.BalancedAccuracy, 0.01, 0, $"{backbone.Name} source probe");
            EvaluationFixtures.AssertClose(reference["ilisi"]!.GetValue<double>(), effects.Ilisi, 1e-4, 0, $"{backbone.Name} iLISI");
            EvaluationFixtures.AssertClose(reference["robustness_index"]!.GetValue<double>(), effects.RobustnessIndex, 1e-4, 0, $"{backbone.Name} robustness index");
            foreach (var classifier in backbone.Classifiers)
            {
                var pooled = expected["backbones"]![backbone.Name]![classifier.Name]!;
                EvaluationFixtures.AssertClose(pooled["pooled"]!["weighted_f1"]!.GetValue<double>(), classifier.Pooled!.WeightedF1, 1e-12, 0, $"{backbone.Name} {classifier.Name} pooled");
                EvaluationFixtures.AssertClose(pooled["ci95"]!["accuracy"]![1]!.GetValue<double>(), classifier.Intervals!.Accuracy!.Upper, 1e-9, 0, $"{backbone.Name} {classifier.Name} ci95");
            }
        }
        Assert.HasCount(2, document.Comparisons, "one pair, two classifiers");
        foreach (var comparison in document.Comparisons)
        {
            var reference = expected["comparisons"]!.AsArray().Single(c => c!["classifier"]!.GetValue<string>() == comparison.Classifier)!;
            Assert.AreEqual(("weak-batch", "strong-batch"), (comparison.A, comparison.B));
            Assert.AreEqual(reference["n01"]!.GetValue<int>(), comparison.McNemar.N01);
            Assert.AreEqual(reference["n10"]!.GetValue<int>(), comparison.McNemar.N10);
            EvaluationFixtures.AssertClose(reference["weighted_f1"]!["p"]!.GetValue<double>(), comparison.WeightedF1.P, 1e-6, 0, $"{comparison.Classifier} p");
        }
    }

    [TestMethod]
    public void BackbonesAreNamedByModelNameElseFileStemAndNamesMustDiffer()
    {
        CollectionAssert.AreEqual(new[] { "weak", "strong-batch" }, MultiBackboneEvaluation.BackboneNames(Sets(firstName: "", firstFile: "/data/weak.parquet")).ToArray());
        var twice = Sets(firstName: "strong-batch", firstFile: "/a/one.csv");
        var error = Assert.ThrowsExactly<InvalidDataException>(() => Evaluator().EvaluateAndAnalyze(twice));
        StringAssert.Contains(error.Message, "/a/one.csv");
        StringAssert.Contains(error.Message, "/data/strong-batch.csv");
        StringAssert.Contains(error.Message, "'strong-batch'");
    }

    [TestMethod]
    public void SetsOfOtherRowsAreRefusedAtTheFirstDifferingRow()
    {
        var sets = Sets();
        var rows = sets[1].Manifest.Rows.ToArray();
        rows[41] = rows[41] with { Label = rows[41].Label == "disco" ? "stoma" : "disco" };
        var relabelled = new EmbeddingSet(new Manifest(rows, sets[1].Manifest.Columns, "/data/relabelled.csv"), sets[1].Values, sets[1].Info);
        var error = Assert.ThrowsExactly<InvalidDataException>(() => MultiBackboneEvaluation.CheckSameRows([sets[0], relabelled]));
        StringAssert.Contains(error.Message, "/data/relabelled.csv, row 42: label");
        var fewer = new EmbeddingSet(new Manifest(rows[..10], sets[1].Manifest.Columns, "/data/ten.csv"), sets[1].Values[..(10 * sets[1].Dimension)], sets[1].Info);
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => MultiBackboneEvaluation.CheckSameRows([sets[0], fewer])).Message, "row 11");
    }

    [TestMethod]
    public void TheBatchColumnDefaultsToTheGroupColumnUnderLosoElseSource()
    {
        var set = Sets()[0];
        Assert.AreEqual("source", BatchLabels.Resolve(set, EvaluationProtocol.KFold())!.Column);
        Assert.AreEqual("label", BatchLabels.Resolve(set, EvaluationProtocol.LeaveOneGroupOut("label"))!.Column, "loso: the group column");
        Assert.AreEqual("label", BatchLabels.Resolve(set, EvaluationProtocol.KFold(), "label")!.Column, "a named column wins");
        var noSource = new EmbeddingSet(new Manifest(set.Manifest.Rows.Select(r => r with { Source = null }).ToArray(), ["path", "label"], "/d/x.csv"), set.Values, set.Info);
        Assert.IsNull(BatchLabels.Resolve(noSource, EvaluationProtocol.KFold()), "no source column: no batch effects");
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => BatchLabels.Resolve(noSource, EvaluationProtocol.KFold(), "scanner")).Message,
            "/d/x.csv: no batch column 'scanner'");

        var gap = set.Manifest.Rows.Select((r, i) => i == 6 ? r with { Source = null } : r).ToArray();
        var withGap = new EmbeddingSet(new Manifest(gap, set.Manifest.Columns, "/d/gap.csv"), set.Values, set.Info);
        var warnings = new List<string>();
        Assert.IsNull(BatchLabels.Resolve(withGap, EvaluationProtocol.KFold(), warn: warnings.Add), "a default column with a gap is left out");
        StringAssert.Contains(warnings.Single(), "/d/gap.csv, row 7: empty 'source'");
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => BatchLabels.Resolve(withGap, EvaluationProtocol.KFold(), "source")).Message, "row 7");
    }

    [TestMethod]
    public void AReportHoldsOneSetOfRowsAndMergeKeepsTheAnalysis()
    {
        var set = AnalysisDataSet.Get("synthetic.json", "kfold");
        var (weak, strong) = (set.Inputs[0].Evaluation, set.Inputs[1].Evaluation);
        var report = EvaluationReport.Of([weak, strong], set.Analysis);
        Assert.AreEqual(set.Analysis.Comparisons.Count, report.Comparisons.Count);
        Assert.ThrowsExactly<ArgumentException>(() => report.Add(weak with { Backbone = "reversed", Labels = weak.Labels.Reverse().ToArray() }));
        Assert.ThrowsExactly<InvalidOperationException>(() => report.Add(weak, set.Analysis.Backbones[1]));

        var folder = RepoPaths.NewTempFolder();
        try
        {
            var path = Path.Combine(folder, "metrics.json");
            report.WriteMetricsJson(path);
            EvaluationReport.MergeInto(path, strong, set.Analysis.Backbones[1]);
            var merged = MetricsJsonFile.Read(path);
            Assert.IsEmpty(merged.Comparisons, "strong-batch was replaced: its comparisons no longer hold");
            Assert.IsNotNull(merged.Backbones[1].BatchEffects);
            Assert.AreEqual(set.Analysis.Backbones[1].Classifiers[0].Pooled, merged.Backbones[1].Classifiers[0].Pooled);
            Assert.IsNotNull(merged.Backbones[0].Classifiers[0].Intervals, "the other backbone's analysis stays");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
