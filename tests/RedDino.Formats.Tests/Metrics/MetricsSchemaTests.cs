using System.Text.Json.Nodes;
using RedDino.Formats.Metrics;
using RedDino.Tests.Shared;

namespace RedDino.Formats.Tests.Metrics;

/// <summary>metrics.json schema 2 (pooled, ci95, batch_effects, comparisons) round trips, and a committed
/// schema-1 file (tests/fixtures/analysis/metrics_schema1.json, as eval wrote it before schema 2) still reads.</summary>
[TestClass]
public sealed class MetricsSchemaTests
{
    /// <summary><see cref="MetricsJsonFileTests.Sample"/> with two analysed backbones and their comparison.</summary>
    private static MetricsDocument Analysed()
    {
        var sample = MetricsJsonFileTests.Sample();
        var classifier = sample.Backbones[0].Classifiers[0] with
        {
            Pooled = new SummaryMetrics(0.9, 0.875, null),
            Intervals = new MetricIntervals(new ConfidenceInterval(0.7, 1.0), new ConfidenceInterval(0.625, 1.0), null),
        };
        var effects = new BatchEffects("source", 3, new SourceProbeResult(0.41, 1.0 / 3, 5), 0.93, null, 1.0, 0.62);
        var tiny = sample.Backbones[0] with { Classifiers = [classifier], BatchEffects = effects };
        var comparison = new BackboneComparison("knn_1", "tiny", "other", new McNemarResult(3, 1, 0.625),
            new PairedDifference(0.05, 1.2, 0.35), new PairedDifference(0.04, null, null), new PairedDifference(null, null, null));
        return sample with { Backbones = [tiny, tiny with { Name = "other", BatchEffects = null }], Comparisons = [comparison] };
    }

    [TestMethod]
    public void SchemaTwoRoundTripsEveryAnalysisMember()
    {
        var (read, text) = MetricsJsonFileTests.RoundTrip(Analysed());
        var classifier = read.Backbones[0].Classifiers[0];
        Assert.AreEqual(new SummaryMetrics(0.9, 0.875, null), classifier.Pooled);
        Assert.AreEqual(new ConfidenceInterval(0.625, 1.0), classifier.Intervals!.BalancedAccuracy);
        Assert.IsNull(classifier.Intervals.WeightedF1);
        Assert.AreEqual(new BatchEffects("source", 3, new SourceProbeResult(0.41, 1.0 / 3, null), 0.93, null, 1.0, 0.62), read.Backbones[0].BatchEffects);
        Assert.IsNull(read.Backbones[1].BatchEffects);
        Assert.AreEqual(Analysed().Comparisons[0], read.Comparisons[0]);

        var json = JsonNode.Parse(text)!;
        var entry = json["backbones"]!["tiny"]!;
        CollectionAssert.AreEqual(new[] { "model_sha256", "embed_dim", "classifiers", "batch_effects" }, entry.AsObject().Select(p => p.Key).ToArray());
        CollectionAssert.AreEqual(new[] { "splits", "mean", "std", "pooled", "ci95" }, entry["classifiers"]!["knn_1"]!.AsObject().Select(p => p.Key).ToArray());
        CollectionAssert.AreEqual(new[] { "batch_column", "batches", "source_probe", "batch_asw", "ilisi", "graph_connectivity", "robustness_index" },
            entry["batch_effects"]!.AsObject().Select(p => p.Key).ToArray());
        CollectionAssert.AreEqual(new[] { "classifier", "a", "b", "n01", "n10", "mcnemar_p", "accuracy", "balanced_accuracy", "weighted_f1" },
            json["comparisons"]![0]!.AsObject().Select(p => p.Key).ToArray());
        Assert.AreEqual(0.7, entry["classifiers"]!["knn_1"]!["ci95"]!["accuracy"]![0]!.GetValue<double>());
        Assert.IsNull(json["backbones"]!["other"]!["batch_effects"], "written as null when not analysed");
        Assert.DoesNotContain("NaN", text);
    }

    [TestMethod]
    public void ASchemaOneFileStillReads()
    {
        var read = MetricsJsonFile.Read(RepoPaths.Fixture("analysis", "metrics_schema1.json"));
        CollectionAssert.AreEqual(new[] { "tiny", "other" }, read.Backbones.Select(b => b.Name).ToArray());
        CollectionAssert.AreEqual(new[] { "knn_1", "linear_probe" }, read.ClassifierNames.ToArray());
        var knn = read.Backbones[0].Classifier("knn_1")!;
        Assert.AreEqual(0.9375, knn.Mean.Accuracy);
        Assert.AreEqual(8, knn.Splits[0].Metrics.Count);
        Assert.IsNull(knn.Splits[1].Metrics.PerClass[1].F1);
        Assert.IsNull(read.Backbones[1].Classifier("linear_probe")!.StandardDeviation.Accuracy);
        Assert.IsNull(knn.Pooled);
        Assert.IsNull(knn.Intervals);
        Assert.IsTrue(read.Backbones.All(b => b.BatchEffects is null));
        Assert.IsEmpty(read.Comparisons);
    }

    [TestMethod]
    public void ReplacingABackboneDropsItsComparisons()
    {
        var document = Analysed();
        Assert.HasCount(1, document.WithBackbone(document.Backbones[0] with { Name = "third" }).Comparisons, "a new backbone keeps the others'");
        Assert.IsEmpty(document.WithBackbone(document.Backbones[1]).Comparisons, "a replaced backbone's comparisons no longer hold");
        Assert.HasCount(1, document.ComparisonsOf("knn_1"));
        Assert.IsEmpty(document.ComparisonsOf("linear_probe"));
    }
}
