using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using RedDino.MLNet.Bundles;
using RedDino.MLNet.Embeddings;
using RedDino.MLNet.Tests.Embeddings;
using RedDino.Tests.Shared;

namespace RedDino.MLNet.Tests.Bundles;

/// <summary>Bundles for any head: every multiclass head kind of ML.NET's catalog that the served packages give (and
/// the project's k-NN and linear probe), alone or after stock row-to-row transforms (normalizers, feature
/// selection, concatenation), saves, loads in a fresh context and predicts exactly what the fitted pipeline
/// predicts, through Transform and through CreatePredictionEngine.</summary>
[TestClass]
public sealed class BundleHeadKindTests
{
    public sealed class ImageRow
    {
        public string ImagePath = "";
        public string Label = "";
    }

    public sealed class Prediction
    {
        public uint PredictedLabel;
        public float[] Score = [];
    }

    /// <summary>A head on "Features" (the embedding) with a key "Label" over the training classes.</summary>
    private static IEstimator<ITransformer> Head(MLContext ml, string kind)
    {
        var t = ml.MulticlassClassification.Trainers;
        var binary = ml.BinaryClassification.Trainers;
        return kind switch
        {
            "LbfgsMaximumEntropy" => t.LbfgsMaximumEntropy(),
            "SdcaMaximumEntropy" => t.SdcaMaximumEntropy(maximumNumberOfIterations: 20),
            "SdcaNonCalibrated" => t.SdcaNonCalibrated(maximumNumberOfIterations: 20),
            "NaiveBayes" => t.NaiveBayes(),
            "LightGbm" => t.LightGbm(new LightGbmMulticlassTrainer.Options { MinimumExampleCountPerLeaf = 1, MinimumExampleCountPerGroup = 1, NumberOfIterations = 5 }),
            "OneVersusAll(LbfgsLogisticRegression)" => t.OneVersusAll(binary.LbfgsLogisticRegression()),
            "OneVersusAll(AveragedPerceptron)" => t.OneVersusAll(binary.AveragedPerceptron(numberOfIterations: 3)),
            "OneVersusAll(LinearSvm)" => t.OneVersusAll(binary.LinearSvm(numberOfIterations: 3)),
            "OneVersusAll(FastTree)" => t.OneVersusAll(binary.FastTree(new FastTreeBinaryTrainer.Options { MinimumExampleCountPerLeaf = 1, NumberOfTrees = 3 })),
            "OneVersusAll(FastForest)" => t.OneVersusAll(binary.FastForest(new FastForestBinaryTrainer.Options { MinimumExampleCountPerLeaf = 1, NumberOfTrees = 3 })),
            "OneVersusAll(LightGbm)" => t.OneVersusAll(binary.LightGbm(new LightGbmBinaryTrainer.Options { MinimumExampleCountPerLeaf = 1, MinimumExampleCountPerGroup = 1, NumberOfIterations = 5 })),
            "PairwiseCoupling(LbfgsLogisticRegression)" => t.PairwiseCoupling(binary.LbfgsLogisticRegression()),
            "PairwiseCoupling(SdcaLogisticRegression)" => t.PairwiseCoupling(binary.SdcaLogisticRegression(maximumNumberOfIterations: 20)),
            "RedDinoLinearProbe" => t.RedDinoLinearProbe(),
            "KNearestNeighbors" => t.KNearestNeighbors(3),
            "NormalizeMinMax + LbfgsMaximumEntropy" => ml.Transforms.NormalizeMinMax("Features").Append(t.LbfgsMaximumEntropy()),
            "NormalizeMeanVariance + KNearestNeighbors" => ml.Transforms.NormalizeMeanVariance("Scaled", "Features")
                .Append(t.KNearestNeighbors(3, new RedDino.MLNet.Classifiers.KNearestNeighborsOptions { FeatureColumnName = "Scaled" })),
            "SelectFeaturesBasedOnCount + NormalizeLpNorm + SdcaMaximumEntropy" => ml.Transforms.FeatureSelection.SelectFeaturesBasedOnCount("Features", count: 1)
                .Append(ml.Transforms.NormalizeLpNorm("Features")).Append(t.SdcaMaximumEntropy(maximumNumberOfIterations: 20)),
            "Concatenate + LightGbm" => ml.Transforms.Concatenate("Twice", "Features", "Features")
                .Append(t.LightGbm(new LightGbmMulticlassTrainer.Options { FeatureColumnName = "Twice", MinimumExampleCountPerLeaf = 1, MinimumExampleCountPerGroup = 1, NumberOfIterations = 5 })),
            _ => throw new ArgumentException(kind),
        };
    }

    public static IEnumerable<object[]> Kinds =>
    [
        ["LbfgsMaximumEntropy"], ["SdcaMaximumEntropy"], ["SdcaNonCalibrated"], ["NaiveBayes"], ["LightGbm"],
        ["OneVersusAll(LbfgsLogisticRegression)"], ["OneVersusAll(AveragedPerceptron)"], ["OneVersusAll(LinearSvm)"],
        ["OneVersusAll(FastTree)"], ["OneVersusAll(FastForest)"], ["OneVersusAll(LightGbm)"],
        ["PairwiseCoupling(LbfgsLogisticRegression)"], ["PairwiseCoupling(SdcaLogisticRegression)"],
        ["RedDinoLinearProbe"], ["KNearestNeighbors"],
        ["NormalizeMinMax + LbfgsMaximumEntropy"], ["NormalizeMeanVariance + KNearestNeighbors"],
        ["SelectFeaturesBasedOnCount + NormalizeLpNorm + SdcaMaximumEntropy"], ["Concatenate + LightGbm"],
    ];

    [TestMethod]
    [DynamicData(nameof(Kinds))]
    public void EveryHeadRoundTripsWithIdenticalPredictions(string kind)
    {
        var folder = RepoPaths.NewTempFolder();
        var ml = new MLContext(seed: 1);
        var rows = Rows();
        var data = ml.Data.LoadFromEnumerable(rows);
        // The README's recipe: MapValueToKey, first-seen key order ("b" before "a" in these rows).
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.ExtractRedDinoEmbeddings("Features", "ImagePath", TinyBackbone.Model))
            .AppendCacheCheckpoint(ml)
            .Append(Head(ml, kind))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedClass", "PredictedLabel"));
        var model = pipeline.Fit(data);
        var fitted = model.Transform(data);
        var expectedNames = fitted.GetColumn<ReadOnlyMemory<char>>("PredictedClass").Select(v => v.ToString()).ToArray();
        var keyNames = KeyNames(fitted.Schema["PredictedLabel"]);
        var expectedScores = fitted.GetColumn<float[]>("Score").ToArray();
        var path = Path.Combine(folder, "head.reddino.zip");
        ml.Model.SaveRedDino(model, path);
        (model as IDisposable)?.Dispose();

        var fresh = new MLContext(seed: 2);
        using var bundle = fresh.Model.LoadRedDino(path, new RedDinoBundleOptions { ExtractionFolder = folder });
        CollectionAssert.AreEqual(new[] { "a", "b", "c" }, bundle.Classes.ToArray(), "classes in ordinal order, whatever the key recipe");
        var output = bundle.Transform(fresh.Data.LoadFromEnumerable(rows));
        var keys = output.GetColumn<uint>("PredictedLabel").ToArray();
        CollectionAssert.AreEqual(expectedNames, keys.Select(k => bundle.Classes[(int)k - 1]).ToArray(), kind);
        CollectionAssert.AreEqual(bundle.Classes.ToArray(), KeyNames(output.Schema["PredictedLabel"]));
        var scores = output.GetColumn<float[]>("Score").ToArray();
        for (var i = 0; i < scores.Length; i++)
            for (var c = 0; c < keyNames.Length; c++)
                Assert.AreEqual(expectedScores[i][c], scores[i][bundle.Classes.ToList().IndexOf(keyNames[c])], $"{kind}: row {i}, class {keyNames[c]}");

        // One row at a time, as ASP.NET's PredictionEnginePool serves it.
        var engine = fresh.Model.CreatePredictionEngine<ImageRow, Prediction>(bundle);
        for (var i = 0; i < rows.Length; i++)
        {
            var one = engine.Predict(rows[i]);
            Assert.AreEqual(keys[i], one.PredictedLabel, $"{kind}: PredictionEngine, row {i}");
            CollectionAssert.AreEqual(scores[i], one.Score, $"{kind}: PredictionEngine scores, row {i}");
        }
    }

    [TestMethod]
    public void AKnnPipelineServesThroughPredictionEngine()
    {
        var ml = new MLContext(seed: 1);
        var rows = Rows();
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.ExtractRedDinoEmbeddings("Features", "ImagePath", TinyBackbone.Model))
            .Append(ml.MulticlassClassification.Trainers.KNearestNeighbors(3)).Fit(data);
        try
        {
            var batched = model.Transform(data);
            var keys = batched.GetColumn<uint>("PredictedLabel").ToArray();
            var scores = batched.GetColumn<float[]>("Score").ToArray();
            var engine = ml.Model.CreatePredictionEngine<ImageRow, Prediction>(model);
            for (var i = 0; i < rows.Length; i++)
            {
                var one = engine.Predict(rows[i]);
                Assert.AreEqual(keys[i], one.PredictedLabel, $"row {i}");
                CollectionAssert.AreEqual(scores[i], one.Score, $"row {i}");
            }
        }
        finally
        {
            model.Dispose();
        }
    }

    [TestMethod]
    public void AStepABundleCannotHoldIsNamedAtSave()
    {
        var folder = RepoPaths.NewTempFolder();
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Rows());
        var embed = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.ExtractRedDinoEmbeddings("Features", "ImagePath", TinyBackbone.Model));

        // A step that reads another input column: the head sees only the embedding.
        var other = embed.Append(ml.Transforms.Text.FeaturizeText("Words", "ImagePath"))
            .Append(ml.Transforms.Concatenate("All", "Features", "Words"))
            .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(featureColumnName: "All")).Fit(data);
        var path = Path.Combine(folder, "x.reddino.zip");
        var error = Assert.ThrowsExactly<NotSupportedException>(() => ml.Model.SaveRedDino(other, path));
        StringAssert.Contains(error.Message, "cannot be stored in a bundle: a bundle's head sees only the embedding column 'Features'");
        Assert.IsFalse(File.Exists(path));
        (other as IDisposable)?.Dispose();

        // A step ML.NET cannot save (a CustomMapping without a registered factory).
        var custom = embed.Append(ml.Transforms.CustomMapping<Scaled, Scaled>((a, b) => b.Features = a.Features, contractName: null))
            .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy()).Fit(data);
        error = Assert.ThrowsExactly<NotSupportedException>(() => ml.Model.SaveRedDino(custom, path));
        StringAssert.StartsWith(error.Message, "CustomMappingTransformer");
        StringAssert.Contains(error.Message, "ML.NET cannot save it");
        Assert.IsFalse(File.Exists(path));
        Assert.IsEmpty(Directory.GetFiles(folder));
        (custom as IDisposable)?.Dispose();
    }

    public sealed class Scaled
    {
        [VectorType(TinyBackbone.Dim)] public float[] Features = [];
    }

    /// <summary>The uncropped fixture images, labelled b, a, c, b, a, c: first-seen key order is b, a, c.</summary>
    internal static ImageRow[] Rows()
    {
        var manifest = TinyBackbone.ManifestCopy(out _);
        string[] labels = ["b", "a", "c", "b", "a", "c"];
        return EstimatorFixture.UncroppedRows.Select((r, i) => new ImageRow { ImagePath = manifest.Rows[r].Path, Label = labels[i] }).ToArray();
    }

    private static string[] KeyNames(DataViewSchema.Column column)
    {
        VBuffer<ReadOnlyMemory<char>> names = default;
        column.GetKeyValues(ref names);
        return names.DenseValues().Select(n => n.ToString()).ToArray();
    }
}
