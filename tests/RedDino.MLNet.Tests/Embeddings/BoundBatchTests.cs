using RedDino.Formats.Imaging;
using RedDino.Formats.Manifests;
using RedDino.MLNet.Embeddings;

namespace RedDino.MLNet.Tests.Embeddings;

/// <summary>The IO-binding path the engine's batches take (<see cref="BoundBatch"/>), on the CPU provider: full
/// batches through the binding (the buffers reused from one to the next) and a last, smaller batch give the
/// same embeddings as a plain Run (1e-6 + 1e-6 |b|) and as PyTorch (|a - b| &lt;= 1e-4 + 1e-4 |b|).</summary>
[TestClass]
public sealed class BoundBatchTests
{
    [TestMethod]
    public void FullAndPartialBatchesMatchAPlainRunAndPyTorch()
    {
        using var engine = new EmbeddingEngine(TinyBackbone.Model, new RedDinoEmbeddingOptions { Device = EmbeddingDevice.Cpu });
        var manifest = Manifest.Read(TinyBackbone.ManifestPath);
        var length = engine.Preprocessor.InputLength;
        var inputs = manifest.Rows.Select(r =>
        {
            var tensor = new float[length];
            engine.Preprocessor.Preprocess(ImageDecoder.DecodeFile(r.ResolvePath(manifest.BaseFolder())), r.Crop, tensor);
            return tensor;
        }).ToArray();
        var expected = TinyBackbone.Expected("tiny_vit");
        var dim = engine.EmbedDim;

        using var batch = engine.BindBatch(4);
        Assert.AreEqual(4 * length, batch.Input.Length);
        for (var first = 0; first < inputs.Length; first += 4)
        {
            var count = Math.Min(4, inputs.Length - first); // 4, 4, then 3: the partial path
            for (var i = 0; i < count; i++) inputs[first + i].CopyTo(batch.Input.Slice(i * length, length));
            engine.RunBound(batch, count);

            var plain = new float[count * dim];
            engine.RunBatch(inputs[first..(first + count)].SelectMany(t => t).ToArray(), count, plain);
            var bound = batch.Output[..(count * dim)].ToArray();
            TinyBackbone.AssertClose(plain, bound, 1e-6, 1e-6, $"batch at row {first}: bound vs plain Run");
            TinyBackbone.AssertClose(expected.AsSpan(first * dim, count * dim), bound, 1e-4, 1e-4, $"batch at row {first}: bound vs PyTorch");
        }
        Assert.AreEqual(3 + 3, engine.BatchesRun, "two bound runs, the last batch's run, and the three plain runs");
    }
}
