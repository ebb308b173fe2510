using System.Text.Json.Nodes;
using Microsoft.ML;
using RedDino.MLNet.Embeddings;
using RedDino.MLNet.Evaluation;
using RedDino.Formats.Manifests;

namespace RedDino.MLNet.Tests.Evaluation;

[TestClass]
public sealed class EmbeddingEvaluatorTests
{
    private const double Atol = 1e-9;
    private static readonly Lazy<EmbeddingSet> Set = new(() => EmbeddingSet.Read(EvaluationFixtures.Path("eval_small.csv")));
    private static readonly Lazy<JsonObject> Expected = new(() => EvaluationFixtures.Load("eval_small_expected.json"));
    private static readonly Dictionary<string, BackboneEvaluation> Cache = [];

    internal static BackboneEvaluation Evaluate(string protocol)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(protocol, out var result))
            {
                var options = new EvaluationOptions
                {
                    Protocol = EvaluationProtocol.Parse(protocol),
                    Classifiers = ClassifierSpec.ParseList(["linear_probe", "knn_1", "knn_3"]),
                };
                Cache[protocol] = result = new EmbeddingEvaluator(new MLContext(seed: 1), options).Evaluate(Set.Value);
            }
            return result;
        }
    }

    [TestMethod]
    [DataRow("kfold")]
    [DataRow("loso")]
    public void KnnMetricsMatchScikitLearnPerSplit(string protocol)
    {
        var result = Evaluate(protocol);
        Assert.AreEqual("tiny-backbone", result.Backbone);
        CollectionAssert.AreEqual(EvaluationFixtures.Strings(Expected.Value["classes"]), result.Classes.ToArray());
        foreach (var name in new[] { "knn_1", "knn_3" })
        {
            var expected = Expected.Value["protocols"]![protocol]![name]!.AsArray();
            var splits = result.Classifiers.Single(c => c.Name == name).Splits;
            Assert.HasCount(expected.Count, splits);
            for (var s = 0; s < splits.Count; s++)
            {
                var e = expected[s]!;
                Assert.AreEqual(e["n_train"]!.GetValue<int>(), splits[s].TrainCount, $"{name} split {s}");
                Assert.AreEqual(e["n_test"]!.GetValue<int>(), splits[s].TestCount, $"{name} split {s}");
                EvaluationFixtures.AssertClose(e["accuracy"]!.GetValue<double>(), splits[s].Metrics.Accuracy, Atol, 0, $"{name} split {s} accuracy");
                EvaluationFixtures.AssertClose(e["balanced_accuracy"]!.GetValue<double>(), splits[s].Metrics.BalancedAccuracy, Atol, 0, $"{name} split {s} balanced");
                EvaluationFixtures.AssertClose(e["weighted_f1"]!.GetValue<double>(), splits[s].Metrics.WeightedF1, Atol, 0, $"{name} split {s} F1");
            }
        }
    }

    [TestMethod]
    [DataRow("kfold")]
    [DataRow("loso")]
    public void LinearProbeAccuracyIsWithinHalfAPointOfScikitLearn(string protocol)
    {
        var expected = Expected.Value["protocols"]![protocol]!["linear_probe"]!.AsArray();
        var splits = Evaluate(protocol).Classifiers.Single(c => c.Name == "linear_probe").Splits;
        // Over all test rows (every row is tested once): |correct/N - sklearn| <= 0.005.
        var sklearnCorrect = expected.Sum(e => e!["accuracy"]!.GetValue<double>() * e["n_test"]!.GetValue<int>());
        var correct = splits.Sum(s => s.Metrics.Accuracy!.Value * s.TestCount);
        var rows = splits.Sum(s => s.TestCount);
        Console.WriteLine($"{protocol}: linear probe {correct / rows:P2} vs scikit-learn {sklearnCorrect / rows:P2}");
        Assert.AreEqual(sklearnCorrect / rows, correct / rows, 0.005);
    }

    [TestMethod]
    public void LinearProbeOnFeaturesWithLargeMeansMatchesScikitLearnFoldByFold()
    {
        var fixture = EvaluationFixtures.Load("linear_probe_offset.json");
        var labels = EvaluationFixtures.Strings(fixture["labels"]);
        var sklearn = EvaluationFixtures.Strings(fixture["predicted"]);
        var dim = fixture["dim"]!.GetValue<int>();
        var set = new EmbeddingSet(new Manifest(labels.Select((l, i) => new ManifestRow($"r{i}.png", l)).ToList()),
            EvaluationFixtures.Floats(fixture["features"]), new EmbeddingFileInfo("", "offset", dim));
        var result = new EmbeddingEvaluator(new MLContext(seed: 1), new EvaluationOptions { Classifiers = [ClassifierSpec.LinearProbe] }).Evaluate(set);

        var predicted = new string[labels.Length];
        foreach (var split in result.Classifiers[0].Splits)
            for (var i = 0; i < split.TestRows.Count; i++)
                predicted[split.TestRows[i]] = result.Classes[split.Predicted[i]];
        var accuracy = predicted.Zip(labels).Count(p => p.First == p.Second) / (double)labels.Length;
        var agreement = predicted.Zip(sklearn).Count(p => p.First == p.Second) / (double)labels.Length;
        Console.WriteLine($"linear probe (centred) {accuracy:P2} vs scikit-learn {fixture["accuracy"]!.GetValue<double>():P2}; same prediction on {agreement:P2}");
        // Acceptance: |accuracy - sklearn| <= 0.005 (+ 0 * |b|).
        Assert.AreEqual(fixture["accuracy"]!.GetValue<double>(), accuracy, 0.005);
        Assert.IsGreaterThanOrEqualTo(0.98, agreement);
    }

    [TestMethod]
    public void ADataViewGivesTheSameResultsAsTheEmbeddingSet()
    {
        var ml = new MLContext(seed: 1);
        var options = new EvaluationOptions { Protocol = EvaluationProtocol.LeaveOneGroupOut(), Classifiers = ClassifierSpec.ParseList(["knn_3"]) };
        var fromView = new EmbeddingEvaluator(ml, options).Evaluate(ml.Data.LoadFromEmbeddingSet(Set.Value), "tiny-backbone", Set.Value.Info.ModelSha256);
        var fromSet = Evaluate("loso").Classifiers.Single(c => c.Name == "knn_3");
        var viewSplits = fromView.Classifiers.Single().Splits;
        for (var s = 0; s < viewSplits.Count; s++)
        {
            CollectionAssert.AreEqual(fromSet.Splits[s].Predicted.ToArray(), viewSplits[s].Predicted.ToArray());
            Assert.AreEqual(fromSet.Splits[s].TestGroup, viewSplits[s].TestGroup);
        }
        CollectionAssert.AreEqual(Set.Value.Manifest.Rows.Select(r => r.Path).ToArray(), fromView.Paths.ToArray());
    }

    [TestMethod]
    public void BadInputNamesTheFileRowOrColumn()
    {
        var ml = new MLContext(seed: 1);
        var noGroups = new EmbeddingEvaluator(ml, new EvaluationOptions { Protocol = EvaluationProtocol.LeaveOneGroupOut("site") });
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => noGroups.Evaluate(Set.Value)).Message, "no column 'site'");

        var rows = Set.Value.Manifest.Rows.Select((r, i) => i == 4 ? r with { Label = null } : r).ToList();
        var unlabeled = new EmbeddingSet(new Manifest(rows, Set.Value.Manifest.Columns, "cells.csv"), Set.Value.Values, Set.Value.Info);
        var error = Assert.ThrowsExactly<InvalidDataException>(() => new EmbeddingEvaluator(ml).Evaluate(unlabeled));
        StringAssert.Contains(error.Message, "cells.csv, row 5");

        Assert.ThrowsExactly<ArgumentException>(() => ClassifierSpec.Parse("knn_0"));
        Assert.ThrowsExactly<ArgumentException>(() => ClassifierSpec.Parse("svm"));
        Assert.ThrowsExactly<ArgumentException>(() => ClassifierSpec.ParseList(["knn_1", "knn_1"]));
        Assert.AreEqual(20, ClassifierSpec.Parse("knn_20").Neighbors);
    }
}
