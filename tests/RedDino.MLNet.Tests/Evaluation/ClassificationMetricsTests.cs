using RedDino.Formats.Metrics;
using RedDino.MLNet.Evaluation;

namespace RedDino.MLNet.Tests.Evaluation;

[TestClass]
public sealed class ClassificationMetricsTests
{
    // Tolerance of the acceptance criterion: |a - b| <= 1e-9 (+ 0 * |b|).
    private const double Atol = 1e-9;

    private static IEnumerable<object[]> Cases() =>
        EvaluationFixtures.Load("metrics_cases.json")["cases"]!.AsArray().Select(c => new object[] { c!["name"]!.GetValue<string>() });

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void MatchesScikitLearn(string name)
    {
        var fixture = EvaluationFixtures.Load("metrics_cases.json")["cases"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == name)!;
        var classes = new ClassIndex(EvaluationFixtures.Strings(fixture["classes"]));
        var truth = classes.Encode(EvaluationFixtures.Strings(fixture["y_true"]));
        var predicted = classes.Encode(EvaluationFixtures.Strings(fixture["y_pred"]));

        var metrics = ClassificationMetrics.Compute(truth, predicted, classes.Names);

        Assert.AreEqual(truth.Length, metrics.Count);
        EvaluationFixtures.AssertClose(fixture["accuracy"]!.GetValue<double>(), metrics.Accuracy, Atol, 0, "accuracy");
        EvaluationFixtures.AssertClose(fixture["balanced_accuracy"]!.GetValue<double>(), metrics.BalancedAccuracy, Atol, 0, "balanced accuracy");
        EvaluationFixtures.AssertClose(fixture["weighted_f1"]!.GetValue<double>(), metrics.WeightedF1, Atol, 0, "weighted F1");
        var expectedConfusion = fixture["confusion"]!.AsArray().Select(EvaluationFixtures.Ints).ToArray();
        for (var c = 0; c < classes.Count; c++)
            CollectionAssert.AreEqual(expectedConfusion[c], metrics.Confusion[c].ToArray(), $"confusion row {c}");

        var perClass = fixture["per_class"]!.AsArray();
        for (var c = 0; c < classes.Count; c++)
        {
            var expected = perClass[c]!;
            var actual = metrics.PerClass[c];
            Assert.AreEqual(expected["class"]!.GetValue<string>(), actual.Class);
            Assert.AreEqual(expected["support"]!.GetValue<int>(), actual.Support);
            CheckDefinedOrNull(expected, "precision", actual.Precision);
            CheckDefinedOrNull(expected, "recall", actual.Recall);
            CheckDefinedOrNull(expected, "f1", actual.F1);
        }
    }

    // scikit-learn reports 0 for an ill-defined value; the project reports null there.
    private static void CheckDefinedOrNull(System.Text.Json.Nodes.JsonNode expected, string key, double? actual)
    {
        var what = $"{expected["class"]} {key}";
        if (expected[$"{key}_defined"]!.GetValue<bool>())
            EvaluationFixtures.AssertClose(expected[key]!.GetValue<double>(), actual, Atol, 0, what);
        else
            Assert.IsNull(actual, what);
    }

    [TestMethod]
    public void AggregatesMatchPandasMeanAndSampleStd()
    {
        foreach (var fixture in EvaluationFixtures.Load("metrics_cases.json")["aggregates"]!.AsArray())
        {
            var values = fixture!["values"]!.AsArray().Select(v => (double?)v!.GetValue<double>()).ToArray();
            EvaluationFixtures.AssertClose(fixture["mean"]!.GetValue<double>(), SplitStatistics.Mean(values), Atol, 0, "mean");
            if (fixture["std"] is { } std)
                EvaluationFixtures.AssertClose(std.GetValue<double>(), SplitStatistics.SampleStandardDeviation(values), Atol, 0, "std");
            else
                Assert.IsNull(SplitStatistics.SampleStandardDeviation(values));
        }
    }

    [TestMethod]
    public void UndefinedValuesAreNullNeverNaN()
    {
        var empty = ClassificationMetrics.Compute([], [], ["a", "b"]);
        Assert.IsNull(empty.Accuracy);
        Assert.IsNull(empty.BalancedAccuracy);
        Assert.IsNull(empty.WeightedF1);
        Assert.IsTrue(empty.PerClass.All(c => c.Precision is null && c.Recall is null && c.F1 is null && c.Support == 0));

        var one = SummaryMetrics.StandardDeviation([new SummaryMetrics(0.5, 0.5, 0.5)]);
        Assert.AreEqual(new SummaryMetrics(null, null, null), one);
        Assert.AreEqual(0.75, SplitStatistics.Mean([0.5, null, 1.0]));
        Assert.IsNull(SplitStatistics.Mean([null, null]));
    }

    [TestMethod]
    public void ClassIndexUsesOrdinalOrder()
    {
        var index = new ClassIndex(["zeta", "Beta", "alpha", "10", "9", "Alpha", "Beta"]);
        CollectionAssert.AreEqual(new[] { "10", "9", "Alpha", "Beta", "alpha", "zeta" }, index.Names.ToArray());
        Assert.AreEqual(-1, index.TryIndexOf("gamma"));
        Assert.ThrowsExactly<KeyNotFoundException>(() => index.IndexOf("gamma"));
    }
}
