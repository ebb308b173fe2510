using Microsoft.ML;
using Microsoft.ML.Data;
using RedDino.MLNet.Embeddings;
using RedDino.Formats.Imaging;

namespace RedDino.MLNet.Tests.Embeddings;

/// <summary>ML.NET's own ApplyOnnxModel (Microsoft.ML.OnnxTransformer 5.0.1, built against ONNX Runtime
/// 1.23) still runs with the ONNX Runtime 1.31 the project ships, on a backbone of the contract.</summary>
[TestClass]
public sealed class StockOnnxTransformTests
{
    private const int InputLength = 3 * TinyBackbone.ImageSize * TinyBackbone.ImageSize;

    private sealed class PixelRow
    {
        [VectorType(1, 3, TinyBackbone.ImageSize, TinyBackbone.ImageSize)]
        [ColumnName("pixel_values")]
        public float[] Pixels = [];
    }

    [TestMethod]
    public void ApplyOnnxModelMatchesTheEngine()
    {
        using var engine = new EmbeddingEngine(TinyBackbone.Model, new RedDinoEmbeddingOptions { Device = EmbeddingDevice.Cpu });
        var rows = EstimatorFixture.Rows().Select(r =>
        {
            var pixels = new float[InputLength];
            engine.Preprocessor.Preprocess(ImageDecoder.DecodeFile(r.ImagePath), null, pixels);
            return new PixelRow { Pixels = pixels };
        }).ToList();

        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(rows);
        using var stock = ml.Transforms.ApplyOnnxModel(["embedding"], ["pixel_values"], TinyBackbone.Model).Fit(data);
        var stockEmbeddings = stock.Transform(data).GetColumn<float[]>("embedding").ToList();

        Assert.HasCount(rows.Count, stockEmbeddings);
        for (var i = 0; i < rows.Count; i++)
        {
            var ours = new float[TinyBackbone.Dim];
            engine.RunBatch(rows[i].Pixels, 1, ours);
            TinyBackbone.AssertClose(ours, stockEmbeddings[i], 1e-5, 0, $"row {i}");
            TinyBackbone.AssertClose(EstimatorFixture.Expected(EstimatorFixture.UncroppedRows[i]), stockEmbeddings[i], 1e-4, 1e-4, $"row {i} vs PyTorch");
        }
    }
}
