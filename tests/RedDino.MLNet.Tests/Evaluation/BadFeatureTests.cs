using Microsoft.ML;
using RedDino.Formats.Manifests;
using RedDino.MLNet.Embeddings;
using RedDino.MLNet.Evaluation;

namespace RedDino.MLNet.Tests.Evaluation;

/// <summary>Evaluation refuses what would make its numbers meaningless, before any fit: a non-finite feature
/// (for every classifier, naming the file, the 1-based row and the feature) and a single class.</summary>
[TestClass]
public sealed class BadFeatureTests
{
    private static EmbeddingSet Small() => EmbeddingSet.Read(EvaluationFixtures.Path("eval_small.csv"));

    [TestMethod]
    [DataRow("linear_probe", float.NaN)]
    [DataRow("knn_1", float.NaN)]
    [DataRow("knn_20", float.PositiveInfinity)]
    public void ANonFiniteFeatureNamesTheFileAndRow(string classifier, float value)
    {
        var set = Small();
        var values = (float[])set.Values.Clone();
        values[6 * set.Dimension + 3] = value;
        var broken = new EmbeddingSet(set.Manifest, values, set.Info);
        var evaluator = new EmbeddingEvaluator(new MLContext(1), new EvaluationOptions { Classifiers = [ClassifierSpec.Parse(classifier)] });
        var error = Assert.ThrowsExactly<InvalidDataException>(() => evaluator.Evaluate(broken));
        Assert.AreEqual($"{EvaluationFixtures.Path("eval_small.csv")}, row 7: feature 3 is {value}, not a finite number (classifiers need finite embeddings)",
            error.Message);

        var view = new MLContext(1).Data.LoadFromEmbeddingSet(broken);
        StringAssert.StartsWith(Assert.ThrowsExactly<InvalidDataException>(() => evaluator.Evaluate(view, "view")).Message, "data view, row 7: feature 3");
    }

    [TestMethod]
    public void ASingleClassIsRefused()
    {
        var set = Small();
        var rows = set.Manifest.Rows.Select(r => r with { Label = "only" }).ToList();
        var single = new EmbeddingSet(new Manifest(rows, set.Manifest.Columns, "cells.csv"), set.Values, set.Info);
        var error = Assert.ThrowsExactly<InvalidDataException>(() => new EmbeddingEvaluator(new MLContext(1)).Evaluate(single));
        Assert.AreEqual("cells.csv: every row has the label 'only'; evaluating a classifier needs at least two classes", error.Message);
    }
}
