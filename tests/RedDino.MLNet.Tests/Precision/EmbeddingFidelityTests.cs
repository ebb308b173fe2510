using Microsoft.ML;
using RedDino.Formats.Manifests;
using RedDino.Formats.Metrics;
using RedDino.MLNet.Classifiers;
using RedDino.MLNet.Embeddings;
using RedDino.MLNet.Evaluation;
using RedDino.MLNet.Evaluation.Fidelity;
using static RedDino.MLNet.Tests.Precision.PrecisionTestModels;

namespace RedDino.MLNet.Tests.Precision;

/// <summary>The fidelity comparison against numpy and scikit-learn (make_precision_fixtures.py, fidelity.json):
/// per-row cosine |a - b| &lt;= 1e-12 + 1e-12 |b| (both in float64 over the same float32 values), neighbour
/// overlaps exactly (NearestNeighbors, Euclidean, self excluded), and the 1-NN downstream metrics of both sets
/// under stratified 3-fold (1e-12).</summary>
[TestClass]
public sealed class EmbeddingFidelityTests
{
    [TestMethod]
    public void MatchesNumpyAndScikitLearn()
    {
        var f = Fixture("fidelity.json");
        var (reference, candidate) = (Set(f, "a", "reference"), Set(f, "b", "candidate"));
        var options = new FidelityOptions
        {
            Evaluation = new EvaluationOptions { Protocol = EvaluationProtocol.KFold(3), Classifiers = [ClassifierSpec.Parse("knn_1")] },
        };

        var report = EmbeddingFidelity.Compare(reference, candidate, new MLContext(0), options);

        var cosines = f.GetProperty("cosine").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        for (var i = 0; i < cosines.Length; i++)
            Assert.AreEqual(cosines[i], report.RowCosines[i], 1e-12 + 1e-12 * Math.Abs(cosines[i]), $"cosine of row {i + 1}");
        Assert.AreEqual(cosines.Min(), report.CosineMin, 1e-12);
        CollectionAssert.AreEqual(new[] { 1, 10 }, report.Neighbors.Select(n => n.K).ToArray());
        foreach (var agreement in report.Neighbors)
            CollectionAssert.AreEqual(f.GetProperty("overlaps").GetProperty($"{agreement.K}").EnumerateArray().Select(e => e.GetDouble()).ToArray(),
                agreement.RowOverlaps.ToArray(), $"k={agreement.K} overlaps");

        var knn = report.Downstream.Single();
        Assert.AreEqual(("knn_1", "kfold"), (knn.Classifier, report.Protocol));
        foreach (var (side, metrics) in new[] { ("reference", knn.Reference), ("candidate", knn.Candidate) })
        {
            var expected = f.GetProperty("knn_1").GetProperty(side);
            Assert.AreEqual(expected.GetProperty("accuracy").GetDouble(), metrics.Accuracy!.Value, 1e-12, $"{side} accuracy");
            Assert.AreEqual(expected.GetProperty("balanced_accuracy").GetDouble(), metrics.BalancedAccuracy!.Value, 1e-12, $"{side} balanced accuracy");
            Assert.AreEqual(expected.GetProperty("weighted_f1").GetDouble(), metrics.WeightedF1!.Value, 1e-12, $"{side} weighted F1");
        }
        Assert.AreEqual(knn.Candidate.WeightedF1 - knn.Reference.WeightedF1, knn.Difference(HeadlineMetric.WeightedF1));
    }

    [TestMethod]
    public void SetsWithOtherRowsOrSizesAreRefused()
    {
        var f = Fixture("fidelity.json");
        var reference = Set(f, "a", "reference");
        var fewer = new EmbeddingSet(new Manifest(reference.Manifest.Rows.Take(39).ToList()), reference.Values[..(39 * reference.Dimension)], reference.Info);
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => EmbeddingFidelity.Compare(reference, fewer, new MLContext(0))).Message, "40 and 39 rows");
        var rows = reference.Manifest.Rows.ToList();
        rows[5] = rows[5] with { Path = "other.png" };
        var moved = new EmbeddingSet(new Manifest(rows), reference.Values, reference.Info);
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => EmbeddingFidelity.Compare(reference, moved, new MLContext(0))).Message, "row 6");
    }

    [TestMethod]
    public void WithoutLabelsThereIsNoDownstreamPart()
    {
        var f = Fixture("fidelity.json");
        var reference = Set(f, "a", "reference");
        var unlabelled = new EmbeddingSet(new Manifest(reference.Manifest.Rows.Select(r => r with { Label = null }).ToList()), reference.Values, reference.Info);
        var report = EmbeddingFidelity.Compare(unlabelled, unlabelled, new MLContext(0));
        Assert.IsEmpty(report.Downstream);
        Assert.IsNull(report.Protocol);
        Assert.AreEqual(1.0, report.CosineMin, 1e-12);
        Assert.IsTrue(report.Neighbors.All(n => n.Mean == 1), "a set agrees with itself");
    }

    private static EmbeddingSet Set(System.Text.Json.JsonElement f, string values, string name)
    {
        var labels = f.GetProperty("labels").EnumerateArray().Select(e => e.GetString()).ToArray();
        var rows = labels.Select((label, i) => new ManifestRow($"cell_{i}.png", label)).ToList();
        var dim = f.GetProperty("dim").GetInt32();
        return new EmbeddingSet(new Manifest(rows), f.GetProperty(values).Floats(), new EmbeddingFileInfo(name, name, dim));
    }
}
