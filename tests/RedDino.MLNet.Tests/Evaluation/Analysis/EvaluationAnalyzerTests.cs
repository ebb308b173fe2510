using RedDino.Formats.Metrics;
using RedDino.MLNet.Evaluation;
using RedDino.MLNet.Evaluation.Analysis;

namespace RedDino.MLNet.Tests.Evaluation.Analysis;

/// <summary>The whole analysis through the library API (evaluator -> analyzer) against the independent
/// numpy / scikit-learn implementation, on synthetic embeddings of two batch strengths and on real
/// embeddings of the bundled Chula sample by the two bundled models, under k-fold and
/// leave-one-source-out. Tolerances: k-NN pooled metrics, McNemar counts and p exact; t and p within
/// 1e-6; intervals within 1e-9 for k-NN (same random stream as numpy) and 1.5 points for the linear
/// probe; batch metrics within 1e-4; source probe within 1 point.</summary>
[TestClass]
public sealed class EvaluationAnalyzerTests
{
    public static IEnumerable<object[]> DataSets =>
    [
        ["synthetic.json", "kfold"], ["synthetic.json", "loso"], ["real.json", "kfold"], ["real.json", "loso"],
    ];

    [TestMethod]
    [DynamicData(nameof(DataSets))]
    public void KnnPooledMetricsAndIntervalsMatchExactly(string file, string protocol)
    {
        var set = AnalysisDataSet.Get(file, protocol);
        foreach (var backbone in set.Analysis.Backbones)
            foreach (var classifier in backbone.Classifiers.Where(c => c.Classifier.StartsWith("knn_", StringComparison.Ordinal)))
            {
                var expected = set.Expected["backbones"]![backbone.Backbone]![classifier.Classifier]!;
                var what = $"{file} {protocol} {backbone.Backbone} {classifier.Classifier}";
                var evaluation = set.Inputs.Single(i => i.Evaluation.Backbone == backbone.Backbone).Evaluation;
                var predicted = OutOfFoldPredictions.Pool(evaluation.Classifiers.Single(c => c.Name == classifier.Classifier), set.Labels.Length);
                CollectionAssert.AreEqual(EvaluationFixtures.Strings(expected["predicted"]), predicted.Select(p => evaluation.Classes[p]).ToArray(), what);
                AssertMetrics(expected["pooled"]!, classifier.Pooled, 1e-12, what);
                AssertIntervals(expected["ci95"]!, classifier.Intervals, 1e-9, what);
            }
    }

    [TestMethod]
    [DataRow("kfold")]
    [DataRow("loso")]
    public void LinearProbePooledMetricsAndIntervalsAreClose(string protocol)
    {
        var set = AnalysisDataSet.Get("synthetic.json", protocol);
        foreach (var backbone in set.Analysis.Backbones)
        {
            var classifier = backbone.Classifiers.Single(c => c.Classifier == "linear_probe");
            var expected = set.Expected["backbones"]![backbone.Backbone]!["linear_probe"]!;
            Console.WriteLine($"{protocol} {backbone.Backbone}: linear probe pooled {classifier.Pooled.Accuracy:F4} vs scikit-learn {expected["pooled"]!["accuracy"]}");
            AssertMetrics(expected["pooled"]!, classifier.Pooled, 0.01, $"{protocol} {backbone.Backbone} linear probe");
            AssertIntervals(expected["ci95"]!, classifier.Intervals, 0.015, $"{protocol} {backbone.Backbone} linear probe");
        }
    }

    [TestMethod]
    [DynamicData(nameof(DataSets))]
    public void KnnComparisonsMatch(string file, string protocol)
    {
        var set = AnalysisDataSet.Get(file, protocol);
        var expected = set.Expected["comparisons"]!.AsArray();
        var knn = set.Analysis.Comparisons.Where(c => c.Classifier.StartsWith("knn_", StringComparison.Ordinal)).ToArray();
        Assert.HasCount(expected.Count(e => e!["classifier"]!.GetValue<string>().StartsWith("knn_", StringComparison.Ordinal)), knn);
        foreach (var comparison in knn)
        {
            var e = expected.Single(x => x!["classifier"]!.GetValue<string>() == comparison.Classifier
                && x["a"]!.GetValue<string>() == comparison.A && x["b"]!.GetValue<string>() == comparison.B)!;
            var what = $"{file} {protocol} {comparison.Classifier} {comparison.A} vs {comparison.B}";
            Assert.AreEqual(e["n01"]!.GetValue<int>(), comparison.McNemar.N01, what);
            Assert.AreEqual(e["n10"]!.GetValue<int>(), comparison.McNemar.N10, what);
            EvaluationFixtures.AssertClose(e["mcnemar_p"]!.GetValue<double>(), comparison.McNemar.P, 0, 1e-12, $"{what} McNemar p");
            foreach (var (key, actual) in new[] { ("accuracy", comparison.Accuracy), ("balanced_accuracy", comparison.BalancedAccuracy), ("weighted_f1", comparison.WeightedF1) })
            {
                AnalysisFixtures.AssertCloseOrNull(AnalysisFixtures.NullableDouble(e[key]!["mean_difference"]), actual.MeanDifference, 1e-12, $"{what} {key} mean difference");
                AnalysisFixtures.AssertCloseOrNull(AnalysisFixtures.NullableDouble(e[key]!["t"]), actual.T, 1e-6, $"{what} {key} t");
                AnalysisFixtures.AssertCloseOrNull(AnalysisFixtures.NullableDouble(e[key]!["p"]), actual.P, 1e-6, $"{what} {key} p");
            }
        }
    }

    [TestMethod]
    [DataRow("synthetic.json")]
    [DataRow("real.json")]
    public void BatchEffectsMatch(string file)
    {
        var set = AnalysisDataSet.Get(file, "kfold");
        foreach (var backbone in set.Analysis.Backbones)
        {
            var expected = set.Fixture["batch_effects"]![backbone.Backbone]!;
            var actual = backbone.BatchEffects!;
            var what = $"{file} {backbone.Backbone}";
            Console.WriteLine($"{what}: source probe {actual.SourceProbe.BalancedAccuracy:F4} vs scikit-learn {expected["source_probe"]!["balanced_accuracy"]}");
            Assert.AreEqual(expected["batch_column"]!.GetValue<string>(), actual.BatchColumn);
            Assert.AreEqual(expected["batches"]!.GetValue<int>(), actual.Batches);
            EvaluationFixtures.AssertClose(expected["source_probe"]!["balanced_accuracy"]!.GetValue<double>(), actual.SourceProbe.BalancedAccuracy, 0.01, 0, $"{what} source probe");
            Assert.AreEqual(expected["source_probe"]!["chance"]!.GetValue<double>(), actual.SourceProbe.Chance);
            Assert.AreEqual(expected["source_probe"]!["folds"]!.GetValue<int>(), actual.SourceProbe.Folds);
            foreach (var (key, value) in new[] { ("batch_asw", actual.BatchAsw), ("ilisi", actual.Ilisi), ("graph_connectivity", actual.GraphConnectivity), ("robustness_index", actual.RobustnessIndex) })
                AnalysisFixtures.AssertCloseOrNull(AnalysisFixtures.NullableDouble(expected[key]), value, 1e-4, $"{what} {key}");
        }
    }

    [TestMethod]
    public void StrongerBatchShiftScoresWorseOnEveryBatchMetric()
    {
        var backbones = AnalysisDataSet.Get("synthetic.json", "kfold").Analysis.Backbones;
        var weak = backbones.Single(b => b.Backbone == "weak-batch").BatchEffects!;
        var strong = backbones.Single(b => b.Backbone == "strong-batch").BatchEffects!;
        Assert.IsGreaterThan(weak.SourceProbe.BalancedAccuracy!.Value, strong.SourceProbe.BalancedAccuracy!.Value);
        Assert.IsLessThan(weak.BatchAsw!.Value, strong.BatchAsw!.Value);
        Assert.IsLessThan(weak.Ilisi!.Value, strong.Ilisi!.Value);
        Assert.IsLessThan(weak.RobustnessIndex!.Value, strong.RobustnessIndex!.Value);
    }

    [TestMethod]
    public void ComparisonsCoverEveryPairAndClassifierInListedOrder()
    {
        var set = AnalysisDataSet.Get("synthetic.json", "kfold");
        var names = set.Inputs.Select(i => i.Evaluation.Backbone).ToArray();
        CollectionAssert.AreEqual(set.Classifiers, set.Analysis.Comparisons.Select(c => c.Classifier).ToArray());
        Assert.IsTrue(set.Analysis.Comparisons.All(c => c.A == names[0] && c.B == names[1]));
        Assert.IsEmpty(EvaluationAnalyzer.Compare([set.Inputs[0].Evaluation]));
    }

    [TestMethod]
    public void WithoutBatchesThereAreNoBatchEffects()
    {
        var set = AnalysisDataSet.Get("synthetic.json", "kfold");
        var analysis = new EvaluationAnalyzer(new Microsoft.ML.MLContext(1)).Analyze(set.Inputs);
        Assert.IsTrue(analysis.Backbones.All(b => b.BatchEffects is null));
        var oneBatch = new BatchLabels("source", set.Labels.Select(_ => (string?)"only").ToArray());
        Assert.IsTrue(new EvaluationAnalyzer(new Microsoft.ML.MLContext(1)).Analyze([set.Inputs[0]], oneBatch).Backbones.All(b => b.BatchEffects is null));
    }

    [TestMethod]
    public void BackbonesOnDifferentRowsAreNotCompared()
    {
        var set = AnalysisDataSet.Get("synthetic.json", "kfold");
        var a = set.Inputs[0].Evaluation;
        var shuffled = a with { Backbone = "other", Labels = a.Labels.Reverse().ToArray() };
        var error = Assert.ThrowsExactly<ArgumentException>(() => BackboneComparer.Compare(a, shuffled, "knn_1"));
        StringAssert.Contains(error.Message, "differ at row");
        var otherSplits = set.Inputs[1].Evaluation with { Classifiers = AnalysisDataSet.Get("synthetic.json", "loso").Inputs[1].Evaluation.Classifiers };
        Assert.ThrowsExactly<ArgumentException>(() => BackboneComparer.Compare(a, otherSplits, "knn_1"));
        Assert.ThrowsExactly<ArgumentException>(() => BackboneComparer.Compare(a, set.Inputs[1].Evaluation, "knn_7"));
    }

    [TestMethod]
    public void ARowTestedTwiceIsRefused()
    {
        var classifier = AnalysisDataSet.Get("synthetic.json", "kfold").Inputs[0].Evaluation.Classifiers[1];
        var twice = classifier with { Splits = [.. classifier.Splits, classifier.Splits[0]] };
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => OutOfFoldPredictions.Pool(twice, 400));
        StringAssert.Contains(error.Message, "more than one split");
        var missing = classifier with { Splits = classifier.Splits.Skip(1).ToArray() };
        Assert.ThrowsExactly<InvalidOperationException>(() => OutOfFoldPredictions.Pool(missing, 400));
    }

    private static void AssertMetrics(System.Text.Json.Nodes.JsonNode expected, SummaryMetrics actual, double atol, string what)
    {
        EvaluationFixtures.AssertClose(expected["accuracy"]!.GetValue<double>(), actual.Accuracy, atol, 0, $"{what} pooled accuracy");
        EvaluationFixtures.AssertClose(expected["balanced_accuracy"]!.GetValue<double>(), actual.BalancedAccuracy, atol, 0, $"{what} pooled balanced accuracy");
        EvaluationFixtures.AssertClose(expected["weighted_f1"]!.GetValue<double>(), actual.WeightedF1, atol, 0, $"{what} pooled weighted F1");
    }

    private static void AssertIntervals(System.Text.Json.Nodes.JsonNode expected, MetricIntervals actual, double atol, string what)
    {
        foreach (var (key, interval) in new[] { ("accuracy", actual.Accuracy), ("balanced_accuracy", actual.BalancedAccuracy), ("weighted_f1", actual.WeightedF1) })
        {
            Assert.IsNotNull(interval, $"{what} {key}");
            EvaluationFixtures.AssertClose(expected[key]![0]!.GetValue<double>(), interval.Lower, atol, 0, $"{what} {key} lower");
            EvaluationFixtures.AssertClose(expected[key]![1]!.GetValue<double>(), interval.Upper, atol, 0, $"{what} {key} upper");
        }
    }
}
