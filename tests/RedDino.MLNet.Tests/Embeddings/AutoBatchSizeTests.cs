using RedDino.Formats.Manifests;
using RedDino.MLNet.Embeddings;

namespace RedDino.MLNet.Tests.Embeddings;

/// <summary>The automatic batch size (the default): the device's and model's rule, reported by the engine and used
/// for its ONNX Runtime calls; an explicit size still wins; negative sizes are refused.</summary>
[TestClass]
public sealed class AutoBatchSizeTests
{
    [TestMethod]
    public void DefaultIsAutomaticAndFollowsTheCpuRule()
    {
        Assert.AreEqual(RedDinoEmbeddingOptions.AutoBatchSize, new RedDinoEmbeddingOptions().BatchSize);
        // The tiny ViT has 3 x 3 patches + CLS = 10 tokens: 1024 / 10 is past the cap of 32.
        using var engine = new EmbeddingEngine(TinyBackbone.Model, new RedDinoEmbeddingOptions { Device = EmbeddingDevice.Cpu });
        Assert.AreEqual(BatchSizeRule.CpuMax, engine.BatchSize);
        var set = engine.Embed(Manifest.Read(TinyBackbone.ManifestPath));
        Assert.AreEqual(1, engine.BatchesRun, "11 rows in one automatic batch");
        TinyBackbone.AssertClose(TinyBackbone.Expected("tiny_vit"), set.Values, 1e-4, 1e-4, "automatic batch");

        // RedDino-nano: 112 px, patch 14, 65 tokens: round(1024 / 65) = 16.
        using var nano = new EmbeddingEngine(Path.Combine(RedDino.Tests.Shared.RepoPaths.Root, "data-manifests", "models", "reddino-nano.onnx"),
            new RedDinoEmbeddingOptions { Device = EmbeddingDevice.Cpu });
        Assert.AreEqual(16, nano.BatchSize);
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
        var vit = RedDinoModelInfo.Read(TinyBackbone.Model);
        var withoutPatch = RedDinoModelInfo.Read(TinyBackbone.ModelWithoutMetadata);
        Assert.AreEqual(BatchSizeRule.Cuda, BatchSizeRule.For("cuda:1", vit));
        Assert.AreEqual(BatchSizeRule.CpuMax, BatchSizeRule.For("cpu", withoutPatch), "no patch size: a convolutional-style model");
        Assert.AreEqual(7, BatchSizeRule.Resolve(7, "cuda:0", vit));
        new RedDinoEmbeddingOptions { BatchSize = 0 }.Validate();
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new RedDinoEmbeddingOptions { BatchSize = -1 }.Validate());
    }
}
