using RedDino.Formats.Manifests;
using RedDino.MLNet.Embeddings;

namespace RedDino.MLNet.Tests.Embeddings;

/// <summary>The automatic batch size (the default): the device's rule, reported by the engine and used for its
/// ONNX Runtime calls; an explicit size still wins; negative sizes are refused.</summary>
[TestClass]
public sealed class AutoBatchSizeTests
{
    [TestMethod]
    public void DefaultIsAutomaticAndFollowsTheCpuRule()
    {
        Assert.AreEqual(RedDinoEmbeddingOptions.AutoBatchSize, new RedDinoEmbeddingOptions().BatchSize);
        using var engine = new EmbeddingEngine(TinyBackbone.Model, new RedDinoEmbeddingOptions { Device = EmbeddingDevice.Cpu });
        Assert.AreEqual(BatchSizeRule.Cpu, engine.BatchSize);
        var set = engine.Embed(Manifest.Read(TinyBackbone.ManifestPath));
        Assert.AreEqual((set.Count + BatchSizeRule.Cpu - 1) / BatchSizeRule.Cpu, engine.BatchesRun, "one ONNX Runtime call per automatic batch");
        TinyBackbone.AssertClose(TinyBackbone.Expected("tiny_vit"), set.Values, 1e-4, 1e-4, "automatic batch");
    }

    [TestMethod]
    public void ExplicitSizeWins()
    {
        using var engine = new EmbeddingEngine(TinyBackbone.Model, new RedDinoEmbeddingOptions { Device = EmbeddingDevice.Cpu, BatchSize = 4 });
        Assert.AreEqual(4, engine.BatchSize);
        engine.Embed(Manifest.Read(TinyBackbone.ManifestPath));
        Assert.AreEqual(3, engine.BatchesRun, "11 rows in batches of 4");
    }

    [TestMethod]
    public void RulePerDeviceAndValidation()
    {
        Assert.AreEqual(BatchSizeRule.Cuda, BatchSizeRule.For("cuda:1"));
        Assert.AreEqual(BatchSizeRule.Cpu, BatchSizeRule.For("cpu"));
        Assert.AreEqual(7, BatchSizeRule.Resolve(7, "cuda:0"));
        new RedDinoEmbeddingOptions { BatchSize = 0 }.Validate();
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new RedDinoEmbeddingOptions { BatchSize = -1 }.Validate());
    }
}
