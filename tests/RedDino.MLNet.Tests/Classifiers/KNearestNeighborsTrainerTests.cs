using Microsoft.ML;
using Microsoft.ML.Data;
using RedDino.MLNet.Classifiers;
using RedDino.MLNet.Embeddings;
using RedDino.Formats.Metrics;
using RedDino.MLNet.Evaluation;
using RedDino.MLNet.Tests.Evaluation;
using RedDino.Formats.Manifests;

namespace RedDino.MLNet.Tests.Classifiers;

[TestClass]
public sealed class KNearestNeighborsTrainerTests
{
    [TestMethod]
    [DataRow(5, KnnWeighting.Uniform)]
    [DataRow(2, KnnWeighting.Uniform)]
    [DataRow(20, KnnWeighting.Distance)]
    public void ChainMatchesScikitLearnAndMapsKeysBackToLabels(int k, KnnWeighting weighting)
    {
        var fixture = KnnFixture.Named("blobs");
        var run = fixture.Runs.Single(r => r.K == k && r.Weighting == weighting && r.Distance == KnnDistance.Euclidean);
        var ml = new MLContext(seed: 1);
        var train = MLNetData.Load(ml, fixture.References, fixture.Dimension, fixture.Labels);
        // Query rows need a label column of the same type; their value does not matter here.
        var queries = MLNetData.Load(ml, fixture.Queries, fixture.Dimension, Enumerable.Repeat(fixture.Labels[0], fixture.QueryCount).ToArray());
        var pipeline = MLNetData.LabelToKey(ml, fixture.Classes.Names)
            .Append(ml.MulticlassClassification.Trainers.KNearestNeighbors(k, new KNearestNeighborsOptions { Weighting = weighting,
                Search = new NeighborSearchOptions { QueryBlockSize = 16 } }))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedText", "PredictedLabel"));

        using var model = (IDisposable)pipeline.Fit(train);
        var output = ((ITransformer)model).Transform(queries);

        CollectionAssert.AreEqual(run.Predicted, MLNetData.Strings(output, "PredictedText"));
        var scores = output.GetColumn<float[]>("Score").ToArray();
        for (var q = 0; q < scores.Length; q++)
            for (var c = 0; c < fixture.Classes.Count; c++)
                Assert.AreEqual(run.Proba[q][c], scores[q][c], 1e-7, $"query {q} class {c}");
        // Pass-through columns stay aligned with the served row (the cursor reads features ahead).
        CollectionAssert.AreEqual(Enumerable.Range(0, fixture.QueryCount).ToArray(), output.GetColumn<int>("Id").ToArray());
    }

    [TestMethod]
    public void MLNetEvaluateAgreesWithTheProjectsMetrics()
    {
        var set = EmbeddingSet.Read(EvaluationFixtures.Path("eval_small.csv"));
        var labels = set.Manifest.Rows.Select(r => r.Label!).ToArray();
        var classes = new ClassIndex(labels);
        var split = StratifiedKFold.Split(labels, 5)[0];
        var ml = new MLContext(seed: 1);
        var train = ml.Data.LoadFromEmbeddingSet(set, split.TrainRows);
        var test = ml.Data.LoadFromEmbeddingSet(set, split.TestRows);
        var model = MLNetData.LabelToKey(ml, classes.Names).Append(ml.MulticlassClassification.Trainers.KNearestNeighbors(3)).Fit(train);
        var output = model.Transform(test);

        var mlnet = ml.MulticlassClassification.Evaluate(output);
        var truth = output.GetColumn<uint>("Label").Select(key => (int)key - 1).ToArray();
        var predicted = output.GetColumn<uint>("PredictedLabel").Select(key => (int)key - 1).ToArray();
        var ours = ClassificationMetrics.Compute(truth, predicted, classes.Names);

        Assert.AreEqual(mlnet.MicroAccuracy, ours.Accuracy!.Value, 1e-12);
        Assert.AreEqual(mlnet.MacroAccuracy, ours.BalancedAccuracy!.Value, 1e-12);
        for (var t = 0; t < classes.Count; t++)
        {
            CollectionAssert.AreEqual(mlnet.ConfusionMatrix.Counts[t].Select(v => (int)v).ToArray(), ours.Confusion[t].ToArray(), $"confusion row {t}");
            Assert.AreEqual(mlnet.ConfusionMatrix.PerClassPrecision[t], ours.PerClass[t].Precision ?? 0, 1e-12);
            Assert.AreEqual(mlnet.ConfusionMatrix.PerClassRecall[t], ours.PerClass[t].Recall ?? 0, 1e-12);
        }
    }

    [TestMethod]
    public void KeyValuesFollowOrdinalOrder()
    {
        var labels = new[] { "zeta", "Beta", "alpha", "10", "9", "Alpha" };
        var ml = new MLContext(seed: 1);
        var data = MLNetData.Load(ml, labels.Select((_, i) => (float)i).ToArray(), 1, labels);
        var keyed = MLNetData.LabelToKey(ml, labels).Fit(data).Transform(data);
        VBuffer<ReadOnlyMemory<char>> names = default;
        keyed.Schema["Label"].GetKeyValues(ref names);
        CollectionAssert.AreEqual(new ClassIndex(labels).Names.ToArray(), names.DenseValues().Select(n => n.ToString()).ToArray());
    }

    [TestMethod]
    public void WrongColumnsFailAtGetOutputSchemaAndAtFit()
    {
        var ml = new MLContext(seed: 1);
        var data = MLNetData.Load(ml, [0, 1, 2, 3], 2, ["a", "b"]);
        var trainer = ml.MulticlassClassification.Trainers.KNearestNeighbors(1);
        // Label not a key yet. EstimatorChain.Fit propagates shapes first, so the trainer's GetOutputSchema rejects it.
        var shapeError = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.CopyColumns("Copy", "Label").Append(trainer).Fit(data));
        StringAssert.Contains(shapeError.Message, "'Label'");
        StringAssert.Contains(shapeError.StackTrace, "GetOutputSchema");
        var fitError = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => trainer.Fit(data));
        StringAssert.Contains(fitError.Message, "MapValueToKey");
        var missing = ml.Transforms.CopyColumns("Copy", "Label").Append(ml.MulticlassClassification.Trainers.KNearestNeighbors(1, featureColumnName: "Embedding"));
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => missing.Fit(data)).Message, "'Embedding'");
        var keyed = MLNetData.LabelToKey(ml, ["a", "b"]).Fit(data).Transform(data);
        var tooFew = Assert.ThrowsExactly<InvalidDataException>(() => ml.MulticlassClassification.Trainers.KNearestNeighbors(3).Fit(keyed));
        StringAssert.Contains(tooFew.Message, "k=3");
    }

    [TestMethod]
    public void MLNetSaveFailsWithAPointerToSaveRedDino()
    {
        var ml = new MLContext(seed: 1);
        var data = MLNetData.Load(ml, [0, 1, 2, 3], 2, ["a", "b"]);
        var model = MLNetData.LabelToKey(ml, ["a", "b"]).Append(ml.MulticlassClassification.Trainers.KNearestNeighbors(1)).Fit(data);
        using var stream = new MemoryStream();
        var error = Assert.ThrowsExactly<NotSupportedException>(() => ml.Model.Save(model, data.Schema, stream));
        StringAssert.Contains(error.Message, "SaveRedDino");
    }
}
