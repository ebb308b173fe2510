using Microsoft.ML;
using Microsoft.ML.Data;
using RedDino.MLNet.Bundles;
using RedDino.MLNet.Classifiers;
using RedDino.MLNet.Tests.Classifiers;
using RedDino.MLNet.Tests.Embeddings;
using RedDino.Tests.Shared;

namespace RedDino.MLNet.Tests.Bundles;

/// <summary>The class-key recipe trap: predictions and metrics must not depend on whether the user keyed the labels with
/// MapValueToKey (first-seen order, the README's recipe) or the library's MapValueToClassKey (ordinal order). A bundle
/// trained one way and evaluated on labels keyed the other way once gave 8.7% instead of 43.5%, without a word.</summary>
[TestClass]
public sealed class ClassKeyRecipeTests
{
    [TestMethod]
    public void ABundleTrainedOnFirstSeenKeysEvaluatesRightOnClassKeys()
    {
        var folder = RepoPaths.NewTempFolder();
        var ml = new MLContext(seed: 1);
        var rows = BundleHeadKindTests.Rows(); // labels b, a, c, ...: first-seen keys b=1, a=2, c=3
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.ExtractRedDinoEmbeddings("Features", "ImagePath", TinyBackbone.Model))
            .Append(ml.Transforms.NormalizeMeanVariance("Features"))
            .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(l2Regularization: 1e-4f))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedClass", "PredictedLabel"))
            .Fit(data);
        var predictedNames = model.Transform(data).GetColumn<ReadOnlyMemory<char>>("PredictedClass").Select(c => c.ToString()).ToArray();
        var path = Path.Combine(folder, "cells.reddino.zip");
        ml.Model.SaveRedDino(model, path);
        (model as IDisposable)?.Dispose();

        using var bundle = ml.Model.LoadRedDino(path, new RedDinoBundleOptions { ExtractionFolder = folder });
        CollectionAssert.AreEqual(new[] { "a", "b", "c" }, bundle.Classes.ToArray());
        var test = ml.Transforms.Conversion.MapValueToClassKey(bundle.Classes).Fit(data).Transform(data);
        var metrics = ml.MulticlassClassification.Evaluate(bundle.Transform(test));
        // Independent of keys: the share of rows whose predicted class name is their label.
        var byName = rows.Where((r, i) => r.Label == predictedNames[i]).Count() / (double)rows.Length;
        Assert.IsGreaterThan(0.0, byName, "the head must get some rows right for the check to mean anything");
        Console.WriteLine($"DEBUG {byName} {metrics.MicroAccuracy} {string.Join(",", predictedNames)} {string.Join(",", bundle.Transform(test).GetColumn<uint>("PredictedLabel"))}");
        Assert.AreEqual(byName, metrics.MicroAccuracy, 1e-12);
    }

    [TestMethod]
    public void DataKeyedInAnotherOrderIsRefusedNamingBothOrders()
    {
        var folder = RepoPaths.NewTempFolder();
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(BundleHeadKindTests.Rows());
        var model = ml.Transforms.Conversion.MapValueToClassKey(["a", "b", "c"])
            .Append(ml.Transforms.ExtractRedDinoEmbeddings("Features", "ImagePath", TinyBackbone.Model))
            .Append(ml.MulticlassClassification.Trainers.KNearestNeighbors(1))
            .Fit(data);
        var path = Path.Combine(folder, "cells.reddino.zip");
        ml.Model.SaveRedDino(model, path);
        (model as IDisposable)?.Dispose();

        using var bundle = ml.Model.LoadRedDino(path, new RedDinoBundleOptions { ExtractionFolder = folder });
        var firstSeen = ml.Transforms.Conversion.MapValueToKey("Label").Fit(data).Transform(data);
        var error = Assert.ThrowsExactly<InvalidDataException>(() => bundle.Transform(firstSeen));
        StringAssert.Contains(error.Message, "'Label' keys are [b, a, c]");
        StringAssert.Contains(error.Message, "classes (PredictedLabel keys) are [a, b, c]");
        StringAssert.Contains(error.Message, "MapValueToClassKey");
        StringAssert.Contains(error.Message, path);
        Assert.ThrowsExactly<InvalidDataException>(() => ml.Model.CreatePredictionEngine<LabelledCell, BundleHeadKindTests.Prediction>(bundle,
            inputSchemaDefinition: SchemaDefinitionWithKeyLabel()));
    }

    /// <summary>scikit-learn's ties (tests/fixtures/evaluation/knn.json: the smallest class index in numpy's unique, that
    /// is ordinal, order) under both key recipes: first-seen keys must not move a tie to another class.</summary>
    [TestMethod]
    public void KnnTiesFollowOrdinalOrderWhateverTheKeyRecipe()
    {
        var fixture = KnnFixture.Named("blobs");
        var firstSeen = fixture.Labels.Distinct().ToArray();
        CollectionAssert.AreNotEqual(fixture.Classes.Names.ToArray(), firstSeen, "the fixture's first-seen order must differ from ordinal order");
        var ml = new MLContext(seed: 1);
        var train = MLNetData.Load(ml, fixture.References, fixture.Dimension, fixture.Labels);
        var queries = MLNetData.Load(ml, fixture.Queries, fixture.Dimension, Enumerable.Repeat(fixture.Labels[0], fixture.QueryCount).ToArray());
        var recipes = new Dictionary<string, IEstimator<ITransformer>>
        {
            ["MapValueToKey"] = ml.Transforms.Conversion.MapValueToKey("Label"),
            ["MapValueToClassKey"] = ml.Transforms.Conversion.MapValueToClassKey(fixture.Classes.Names),
        };
        var runs = fixture.Runs.Where(r => r.VoteTies > 0 && r.Distance == KnnDistance.Euclidean).ToList();
        Assert.IsNotEmpty(runs, "the fixture must have runs decided by ties");
        foreach (var run in runs)
            foreach (var (recipe, labelToKey) in recipes)
            {
                using var model = (IDisposable)labelToKey
                    .Append(ml.MulticlassClassification.Trainers.KNearestNeighbors(run.K, new KNearestNeighborsOptions { Weighting = run.Weighting }))
                    .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedText", "PredictedLabel"))
                    .Fit(train);
                var output = ((ITransformer)model).Transform(queries);
                CollectionAssert.AreEqual(run.Predicted, MLNetData.Strings(output, "PredictedText"), $"{recipe}, {run}");
            }
    }

    public sealed class LabelledCell
    {
        public string ImagePath = "";
        public uint Label;
    }

    // A key-typed Label over [b, a, c], as MapValueToKey's first-seen order makes it.
    private static SchemaDefinition SchemaDefinitionWithKeyLabel()
    {
        var definition = SchemaDefinition.Create(typeof(LabelledCell));
        var keyValues = new VBuffer<ReadOnlyMemory<char>>(3, ["b".AsMemory(), "a".AsMemory(), "c".AsMemory()]);
        definition[nameof(LabelledCell.Label)].ColumnType = new KeyDataViewType(typeof(uint), 3);
        definition[nameof(LabelledCell.Label)].AddAnnotation("KeyValues", keyValues, new VectorDataViewType(TextDataViewType.Instance, 3));
        return definition;
    }
}
