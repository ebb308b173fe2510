using Microsoft.ML;
using Microsoft.ML.Data;
using RedDino.MLNet.Embeddings;
using static RedDino.MLNet.Tests.Embeddings.EstimatorFixture;

namespace RedDino.MLNet.Tests.Embeddings;

/// <summary>Workout of ExtractRedDinoEmbeddings: schema propagation, schema errors at GetOutputSchema and
/// Fit, values against PyTorch (1e-4 + 1e-4|b|), batch independence (1e-5), pass-through columns under
/// read-ahead, PredictionEngine, chains with stock trainers, Save, Dispose.</summary>
[TestClass]
public sealed class RedDinoEmbeddingEstimatorTests
{
    private static RedDinoEmbeddingOptions Options(int batch = 4) => new() { BatchSize = batch, Device = EmbeddingDevice.Cpu, PreprocessingThreads = 2 };

    private sealed class WrongType
    {
        public float ImagePath = 1f;
    }

    [TestMethod]
    public void NoticesGoToTheContextsLog()
    {
        // Auto made to try CUDA on the CPU-only ONNX Runtime package the tests carry: the engine falls back with a notice.
        var ml = new MLContext(1);
        var messages = new List<string>();
        ml.Log += (_, e) => { lock (messages) messages.Add(e.Message); };
        OnnxSessionFactory.TryCudaWhenNotListed = true;
        try
        {
            using var transformer = ml.Transforms.ExtractRedDinoEmbeddings("Features", "ImagePath", TinyBackbone.Model,
                new RedDinoEmbeddingOptions { Device = EmbeddingDevice.Auto, GpuId = 3 }).Fit(ml.Data.LoadFromEnumerable(Rows()));
            Assert.AreEqual("cpu", transformer.Device);
        }
        finally
        {
            OnnxSessionFactory.TryCudaWhenNotListed = false;
        }
        lock (messages)
            Assert.IsTrue(messages.Any(m => m.Contains("CUDA (GPU 3) is not usable, running on CPU", StringComparison.Ordinal)), string.Join("\n", messages));
    }

    [TestMethod]
    public void OutputSchemaAddsAKnownSizeVector()
    {
        var ml = new MLContext(1);
        var estimator = ml.Transforms.ExtractRedDinoEmbeddings("Features", "ImagePath", TinyBackbone.Model, Options());
        var shape = estimator.GetOutputSchema(ShapeOf<ImageRow>(ml));
        var features = shape.Single(c => c.Name == "Features");
        Assert.AreEqual(SchemaShape.Column.VectorKind.Vector, features.Kind);
        Assert.AreEqual(NumberDataViewType.Single, features.ItemType);
        CollectionAssert.IsSubsetOf(new[] { "ImagePath", "Label", "Extra", "Bytes" }, shape.Select(c => c.Name).ToArray());

        var data = ml.Data.LoadFromEnumerable(Rows());
        using var transformer = estimator.Fit(data);
        var schema = transformer.GetOutputSchema(data.Schema);
        Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, TinyBackbone.Dim), schema["Features"].Type);
        Assert.AreEqual(schema.Count, transformer.Transform(data).Schema.Count);
    }

    [TestMethod]
    public void WrongInputTypeFailsInGetOutputSchemaAndFit()
    {
        var ml = new MLContext(1);
        var estimator = ml.Transforms.ExtractRedDinoEmbeddings("Features", "ImagePath", TinyBackbone.Model, Options());
        var fromShape = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => estimator.GetOutputSchema(ShapeOf<WrongType>(ml)));
        StringAssert.Contains(fromShape.Message, "ImagePath");
        StringAssert.Contains(fromShape.Message, "Single");
        var data = ml.Data.LoadFromEnumerable([new WrongType()]);
        var fromFit = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => estimator.Fit(data));
        StringAssert.Contains(fromFit.Message, "ImagePath");
        // Inside a chain, the shape check runs before anything is fitted.
        var chain = ml.Transforms.CopyColumns("Copy", "ImagePath").Append(estimator);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => chain.Fit(data));

        var missing = ml.Transforms.ExtractRedDinoEmbeddings("Features", "NoSuchColumn", TinyBackbone.Model, Options());
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => missing.GetOutputSchema(ShapeOf<ImageRow>(ml))).Message, "NoSuchColumn");
    }

    [TestMethod]
    public void ModelWithoutContractNamesFailsInGetOutputSchemaAndFit()
    {
        var ml = new MLContext(1);
        var estimator = ml.Transforms.ExtractRedDinoEmbeddings("Features", "ImagePath", TinyBackbone.WrongNames, Options());
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => estimator.GetOutputSchema(ShapeOf<ImageRow>(ml))).Message, "pixel_values");
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => estimator.Fit(ml.Data.LoadFromEnumerable(Rows()))).Message, "pixel_values");
    }

    [TestMethod]
    public void PathsBytesAndMLImagesAllMatchPyTorch()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(Rows());
        var expected = UncroppedRows.SelectMany(i => Expected(i).ToArray()).ToArray();

        using var fromPaths = ml.Transforms.ExtractRedDinoEmbeddings("Features", "ImagePath", TinyBackbone.Model, Options()).Fit(data);
        TinyBackbone.AssertClose(expected, Column(fromPaths.Transform(data), "Features"), 1e-4, 1e-4, "paths");

        using var fromBytes = ml.Transforms.ExtractRedDinoEmbeddings("Features", "Bytes", TinyBackbone.Model, Options()).Fit(data);
        TinyBackbone.AssertClose(expected, Column(fromBytes.Transform(data), "Features"), 1e-4, 1e-4, "bytes");

        // ML.NET's own loader (SkiaSharp) premultiplies alpha, so transparent pixels differ from PIL's
        // convert("RGB"); the opaque images agree. The palette image (row 6) has a transparent index.
        var opaque = Rows().Where((_, k) => UncroppedRows[k] != 6).ToList();
        var opaqueData = ml.Data.LoadFromEnumerable(opaque);
        var images = ml.Transforms.LoadImages("Image", imageFolder: null, inputColumnName: "ImagePath")
            .Append(ml.Transforms.ExtractRedDinoEmbeddings("Features", "Image", TinyBackbone.Model, Options()));
        var fitted = images.Fit(opaqueData);
        var expectedOpaque = UncroppedRows.Where(i => i != 6).SelectMany(i => Expected(i).ToArray()).ToArray();
        TinyBackbone.AssertClose(expectedOpaque, Column(fitted.Transform(opaqueData), "Features"), 1e-4, 1e-4, "MLImage");
        fitted.LastTransformer.Dispose();
    }

    [TestMethod]
    public void BatchSizesOneAndThirtyTwoGiveTheSameValues()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(Rows(repeat: 7)); // 42 rows: one full batch of 32 and a rest
        using var one = ml.Transforms.ExtractRedDinoEmbeddings("Features", "ImagePath", TinyBackbone.Model, Options(1)).Fit(data);
        using var many = ml.Transforms.ExtractRedDinoEmbeddings("Features", "ImagePath", TinyBackbone.Model, Options(32)).Fit(data);
        var a = Column(one.Transform(data), "Features");
        var b = Column(many.Transform(data), "Features");
        Assert.HasCount(42 * TinyBackbone.Dim, a);
        TinyBackbone.AssertClose(a, b, 1e-5, 0, "batch 32 vs 1");
        Assert.AreEqual(42L, one.Engine.BatchesRun);
        Assert.AreEqual(2L, many.Engine.BatchesRun);
    }

    [TestMethod]
    public void PassThroughColumnsFollowTheirRowsUnderReadAhead()
    {
        var ml = new MLContext(1);
        var rows = Rows(repeat: 3);
        var data = ml.Data.LoadFromEnumerable(rows);
        using var transformer = ml.Transforms.ExtractRedDinoEmbeddings("Features", "ImagePath", TinyBackbone.Model, Options(5)).Fit(data);
        var output = ml.Data.CreateEnumerable<OutputRow>(transformer.Transform(data), reuseRowObject: false).ToList();
        Assert.HasCount(rows.Count, output);
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.AreEqual(rows[i].ImagePath, output[i].ImagePath, $"row {i}");
            Assert.AreEqual(rows[i].Label, output[i].Label, $"row {i}");
            CollectionAssert.AreEqual(rows[i].Extra, output[i].Extra, $"row {i}");
            TinyBackbone.AssertClose(Expected(UncroppedRows[i % UncroppedRows.Length]), output[i].Features, 1e-4, 1e-4, $"row {i}");
        }
        // Only the pass-through columns: no inference at all.
        var before = transformer.Engine.BatchesRun;
        Assert.HasCount(rows.Count, transformer.Transform(data).GetColumn<string>("Label").ToList());
        Assert.AreEqual(before, transformer.Engine.BatchesRun);
    }

    private sealed class OutputRow
    {
        public string ImagePath = "";
        public string Label = "";
        [VectorType(2)] public float[] Extra = [];
        [VectorType(TinyBackbone.Dim)] public float[] Features = [];
    }

    [TestMethod]
    public void PredictionEngineEmbedsOneImageAtATime()
    {
        var ml = new MLContext(1);
        var rows = Rows();
        using var transformer = ml.Transforms.ExtractRedDinoEmbeddings("Features", "ImagePath", TinyBackbone.Model, Options())
            .Fit(ml.Data.LoadFromEnumerable(rows));
        using var engine = ml.Model.CreatePredictionEngine<ImageRow, Prediction>(transformer);
        for (var i = 0; i < rows.Count; i++)
            TinyBackbone.AssertClose(Expected(UncroppedRows[i]), engine.Predict(rows[i]).Features, 1e-4, 1e-4, $"prediction {i}");
        TinyBackbone.AssertClose(Expected(UncroppedRows[0]), engine.Predict(rows[0]).Features, 1e-4, 1e-4, "first image again");
    }

    private sealed class LabelPrediction
    {
        public string PredictedLabel = "";
    }

    [TestMethod]
    public void WorksInAChainWithStockTransformsAndTrainers()
    {
        var ml = new MLContext(1);
        var rows = Rows(repeat: 2);
        var data = ml.Data.LoadFromEnumerable(rows);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("LabelKey", "Label")
            .Append(ml.Transforms.ExtractRedDinoEmbeddings("Features", "ImagePath", TinyBackbone.Model, Options()))
            .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy("LabelKey", "Features"))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
        var model = pipeline.Fit(data);
        var metrics = ml.MulticlassClassification.Evaluate(model.Transform(data), labelColumnName: "LabelKey");
        Assert.IsGreaterThan(0.5, metrics.MicroAccuracy, "a linear model fits 6 distinct images");
        using var predictor = ml.Model.CreatePredictionEngine<ImageRow, LabelPrediction>(model);
        CollectionAssert.Contains(new[] { "a", "b" }, predictor.Predict(rows[0]).PredictedLabel);
        ((IDisposable)model.ElementAt(1)).Dispose();
    }

    [TestMethod]
    public void SaveExplainsTheBundleAlternative()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(Rows());
        using var transformer = ml.Transforms.ExtractRedDinoEmbeddings("Features", "ImagePath", TinyBackbone.Model, Options()).Fit(data);
        using var stream = new MemoryStream();
        var e = Assert.ThrowsExactly<NotSupportedException>(() => ml.Model.Save(transformer, data.Schema, stream));
        StringAssert.Contains(e.Message, "SaveRedDino");
    }

    [TestMethod]
    public void DisposeReleasesTheSession()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(Rows());
        var transformer = ml.Transforms.ExtractRedDinoEmbeddings("Features", "ImagePath", TinyBackbone.Model, Options()).Fit(data);
        var view = transformer.Transform(data);
        Assert.HasCount(UncroppedRows.Length * TinyBackbone.Dim, Column(view, "Features"));
        transformer.Dispose();
        Assert.IsTrue(transformer.IsDisposed);
        Assert.IsTrue(transformer.Engine.IsDisposed);
        Assert.ThrowsExactly<ObjectDisposedException>(() => transformer.Transform(data));
        Assert.ThrowsExactly<ObjectDisposedException>(() => Column(view, "Features"));
        transformer.Dispose(); // twice is fine
    }

    [TestMethod]
    public void BadImageInTheColumnNamesTheRowAndFile()
    {
        var ml = new MLContext(1);
        var rows = Rows();
        rows[2].ImagePath += ".missing";
        var data = ml.Data.LoadFromEnumerable(rows);
        using var transformer = ml.Transforms.ExtractRedDinoEmbeddings("Features", "ImagePath", TinyBackbone.Model, Options()).Fit(data);
        var e = Assert.ThrowsExactly<InvalidDataException>(() => Column(transformer.Transform(data), "Features"));
        StringAssert.Contains(e.Message, "row 3", "rows[2] is the third row (rows count from 1)");
        StringAssert.Contains(e.Message, rows[2].ImagePath);
    }

    [TestMethod]
    public void CursorDisposedEarlyStopsTheWorkers()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(Rows(repeat: 10));
        using var transformer = ml.Transforms.ExtractRedDinoEmbeddings("Features", "ImagePath", TinyBackbone.Model, Options(2)).Fit(data);
        var view = transformer.Transform(data);
        using (var cursor = view.GetRowCursor(view.Schema))
        {
            var getter = cursor.GetGetter<VBuffer<float>>(view.Schema["Features"]);
            VBuffer<float> value = default;
            for (var i = 0; i < 3 && cursor.MoveNext(); i++) getter(ref value);
            Assert.AreEqual(2L, cursor.Position);
        }
        Assert.IsLessThan(60L, transformer.Engine.ImagesInferred, "reading stopped with the cursor");
    }
}
