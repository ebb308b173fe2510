using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.LightGbm;
using Microsoft.ML.Transforms;
using RedDino.MLNet.Embeddings;
using RedDino.MLNet.Evaluation;

namespace RedDino.MLNet.Tests.Evaluation;

/// <summary>The paper's protocol for any ML.NET trainer on already-embedded rows: <c>lightgbm</c>, <c>sdca_maxent</c> and a
/// user's own trainer (<see cref="ClassifierSpec.FromTrainer"/>) give, split by split, the predictions of ML.NET's own trainer
/// fitted by hand on the same training rows (ML.NET's MapValueToKey and MapKeyToValue around it), and metrics equal to
/// ML.NET's evaluator on them.</summary>
[TestClass]
public sealed class AnyTrainerProtocolTests
{
    private static readonly Lazy<EmbeddingSet> Set = new(() => EmbeddingSet.Read(EvaluationFixtures.Path("eval_small.csv")));

    // The reference trainers, spelled out: the settings docs/reference/evaluation-protocol.md gives each name.
    private static IEstimator<ITransformer> Reference(MLContext ml, string name) => name switch
    {
        "lightgbm" => ml.MulticlassClassification.Trainers.LightGbm(new LightGbmMulticlassTrainer.Options
            { Seed = 0, Deterministic = true, ForceRowWise = true, NumberOfThreads = 1 }),
        "sdca_maxent" => ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options
            { NumberOfThreads = 1, Shuffle = false }),
        "ova_logistic" => ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.LbfgsLogisticRegression()),
        _ => throw new ArgumentException(name),
    };

    [TestMethod]
    [DataRow("kfold")]
    [DataRow("loso")]
    public void EveryTrainerPredictsAsMLNetOnTheSameSplits(string protocol)
    {
        var set = Set.Value;
        var specs = new[]
        {
            ClassifierSpec.Parse("lightgbm"), ClassifierSpec.Parse("sdca_maxent"),
            ClassifierSpec.FromTrainer("ova_logistic", ml => ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.LbfgsLogisticRegression())),
        };
        var result = new EmbeddingEvaluator(new MLContext(seed: 1), new EvaluationOptions { Protocol = EvaluationProtocol.Parse(protocol), Classifiers = specs })
            .Evaluate(set);
        CollectionAssert.AreEqual(specs.Select(s => s.Name).ToArray(), result.Classifiers.Select(c => c.Name).ToArray());

        var reference = new MLContext(seed: 7);
        foreach (var classifier in result.Classifiers)
        {
            Assert.HasCount(protocol == "kfold" ? 5 : set.Manifest.Rows.Select(r => r.Source).Distinct().Count(), classifier.Splits);
            var differing = 0;
            foreach (var split in classifier.Splits)
            {
                var trainRows = Enumerable.Range(0, set.Count).Except(split.TestRows).ToArray();
                Assert.AreEqual(split.TrainCount, trainRows.Length);
                using var trained = (IDisposable)reference.Transforms.Conversion.MapValueToKey("Label", keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
                    .Append(Reference(reference, classifier.Name))
                    .Append(reference.Transforms.Conversion.MapKeyToValue("PredictedName", "PredictedLabel"))
                    .Fit(reference.Data.LoadFromEmbeddingSet(set, trainRows));
                var output = ((ITransformer)trained).Transform(reference.Data.LoadFromEmbeddingSet(set, split.TestRows));
                var expected = output.GetColumn<ReadOnlyMemory<char>>("PredictedName").Select(n => n.ToString()).ToArray();
                var actual = split.Predicted.Select(c => result.Classes[c]).ToArray();
                differing += expected.Where((name, i) => name != actual[i]).Count();
                var truth = split.TestRows.Select(r => set.Manifest.Rows[r].Label!).ToArray();
                Assert.AreEqual(expected.Where((name, i) => name == truth[i]).Count() / (double)truth.Length, split.Metrics.Accuracy!.Value, 1e-12,
                    $"{classifier.Name}, split {split.Split}: accuracy");
            }
            Assert.AreEqual(0, differing, $"{classifier.Name} ({protocol}): predictions that differ from ML.NET's own trainer");
        }
    }

    [TestMethod]
    public void NamesParseAndUserNamesAreChecked()
    {
        Assert.AreSame(ClassifierSpec.LightGbm, ClassifierSpec.Parse("lightgbm"));
        Assert.AreSame(ClassifierSpec.SdcaMaximumEntropy, ClassifierSpec.Parse("sdca_maxent"));
        CollectionAssert.AreEqual(new[] { "linear_probe", "lightgbm", "sdca_maxent", "knn_5" },
            ClassifierSpec.ParseList(["linear_probe", "lightgbm", " sdca_maxent", "knn_5"]).Select(c => c.Name).ToArray());
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => ClassifierSpec.Parse("xgboost")).Message, "lightgbm or sdca_maxent");
        Assert.ThrowsExactly<ArgumentException>(() => ClassifierSpec.FromTrainer("lightgbm", ml => ml.MulticlassClassification.Trainers.NaiveBayes()));
        Assert.ThrowsExactly<ArgumentException>(() => ClassifierSpec.FromTrainer("my,trainer", ml => ml.MulticlassClassification.Trainers.NaiveBayes()));
        Assert.AreEqual("LightGBM", ResultsTable.Heading("lightgbm"));
        Assert.AreEqual("SDCA MaxEnt", ResultsTable.Heading("sdca_maxent"));
        Assert.AreEqual("naive_bayes", ResultsTable.Heading("naive_bayes"));
    }
}
