using Microsoft.ML;
using Microsoft.ML.Data;
using Trainers = Microsoft.ML.Trainers;
using RedDino.MLNet.Classifiers;
using RedDino.MLNet.Evaluation;
using RedDino.MLNet.Tests.Evaluation;

namespace RedDino.MLNet.Tests.Classifiers;

[TestClass]
public sealed class LinearProbeTrainerTests
{
    [TestMethod]
    public void AccuracyIsWithinHalfAPointOfScikitLearn()
    {
        var fixture = EvaluationFixtures.Load("linear_probe.json");
        var dim = fixture["dim"]!.GetValue<int>();
        var nTrain = fixture["n_train"]!.GetValue<int>();
        var features = EvaluationFixtures.Floats(fixture["features"]);
        var labels = EvaluationFixtures.Strings(fixture["labels"]);
        var sklearnPredicted = EvaluationFixtures.Strings(fixture["predicted"]);
        var sklearnAccuracy = fixture["accuracy"]!.GetValue<double>();
        var classes = new ClassIndex(labels);

        var ml = new MLContext(seed: 1);
        var train = MLNetData.Load(ml, features[..(nTrain * dim)], dim, labels[..nTrain]);
        var test = MLNetData.Load(ml, features[(nTrain * dim)..], dim, labels[nTrain..]);
        var probe = ml.MulticlassClassification.Trainers.RedDinoLinearProbe();
        Assert.AreEqual(fixture["l2"]!.GetValue<double>(), probe.L2For(dim, classes.Count), 1e-15);
        var pipeline = ml.Transforms.Conversion.MapValueToClassKey(classes.Names)
            .AppendCacheCheckpoint(ml)
            .Append(probe)
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedText", "PredictedLabel"));
        var predicted = MLNetData.Strings(pipeline.Fit(train).Transform(test), "PredictedText");

        var truth = labels[nTrain..];
        var accuracy = predicted.Zip(truth).Count(p => p.First == p.Second) / (double)truth.Length;
        var agreement = predicted.Zip(sklearnPredicted).Count(p => p.First == p.Second) / (double)truth.Length;
        Console.WriteLine($"linear probe accuracy: ML.NET {accuracy:P2}, scikit-learn {sklearnAccuracy:P2}; same prediction on {agreement:P2} of rows");
        // Acceptance: |accuracy - sklearn| <= 0.005 (+ 0 * |b|).
        Assert.AreEqual(sklearnAccuracy, accuracy, 0.005);
        Assert.IsGreaterThanOrEqualTo(0.98, agreement, "both should reach the same optimum, so nearly every prediction agrees");
    }

    [TestMethod]
    public void L2CountsOnlyTheClassesPresentInTraining()
    {
        var ml = new MLContext(seed: 1);
        // Three classes exist, two appear in training: l2 = 100 / (M * 2) with M = 2.
        var data = MLNetData.Load(ml, [0, 0.5f, 1, 1, 0.2f, 1, 1, 0, 0.3f, 0.1f, 0.9f, 0.7f], 2, ["a", "b", "a", "b", "a", "b"]);
        var keyed = ml.Transforms.Conversion.MapValueToClassKey(["a", "b", "c"]).Fit(data).Transform(data);
        var probe = Weights(ml.MulticlassClassification.Trainers.RedDinoLinearProbe().Fit(keyed).Model);
        Trainers.LbfgsMaximumEntropyMulticlassTrainer.Options Stock(float l2) => new()
        {
            L2Regularization = l2, L1Regularization = 0, MaximumNumberOfIterations = EvaluationDefaults.LinearProbeMaxIterations,
            OptimizationTolerance = EvaluationDefaults.LinearProbeTolerance,
        };
        var twoClasses = Weights(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(Stock(100f / (2 * 2))).Fit(keyed).Model);
        var threeClasses = Weights(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(Stock(100f / (2 * 3))).Fit(keyed).Model);
        CollectionAssert.AreEqual(twoClasses, probe);
        CollectionAssert.AreNotEqual(threeClasses, probe);
    }

    private static float[] Weights(Trainers.MaximumEntropyModelParameters model)
    {
        VBuffer<float>[] weights = [];
        model.GetWeights(ref weights, out _);
        return weights.SelectMany(w => w.DenseValues()).ToArray();
    }

    [TestMethod]
    public void TheTrainedModelIsAStockMLNetModelThatSaves()
    {
        var ml = new MLContext(seed: 1);
        var data = MLNetData.Load(ml, [0, 0, 1, 1, 0, 1, 1, 0], 2, ["a", "b", "a", "b"]);
        var model = ml.Transforms.Conversion.MapValueToClassKey(["a", "b"]).Append(ml.MulticlassClassification.Trainers.RedDinoLinearProbe()).Fit(data);
        using var stream = new MemoryStream();
        ml.Model.Save(model, data.Schema, stream);
        stream.Position = 0;
        var reloaded = new MLContext(seed: 2).Model.Load(stream, out _);
        CollectionAssert.AreEqual(model.Transform(data).GetColumn<uint>("PredictedLabel").ToArray(),
            reloaded.Transform(data).GetColumn<uint>("PredictedLabel").ToArray());
    }
}
