using RedDino.Backbone.Export;
using RedDino.Backbone.Vit;
using RedDino.Tests.Shared;
using static TorchSharp.torch;

namespace RedDino.Backbone.Tests.Vit;

/// <summary>Stochastic depth (DINOv2 layers/drop_path.py and the per-block schedule of
/// DinoVisionTransformer): identity in evaluation, per-sample keep-or-drop with 1 / (1 - p) scaling
/// in training, and no trace in the weights or the ONNX export.</summary>
[TestClass]
public sealed class DropPathTests
{
    private static readonly VitSettings Tiny = VitSettings.Custom(32, 3, 2, 64, patchSize: 14, imageSize: 28);

    [TestMethod]
    public void EvaluationModeAndRateZeroAreTheIdentity()
    {
        using var scope = NewDisposeScope();
        var x = randn(8, 5, 4);
        using var drop = new DropPath(0.4);
        drop.eval();
        Assert.IsTrue(drop.forward(x).eq(x).all().item<bool>(), "eval: identity");
        using var none = new DropPath(0);
        none.train();
        Assert.IsTrue(none.forward(x).eq(x).all().item<bool>(), "p = 0: identity in training too");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new DropPath(1.0));
    }

    [TestMethod]
    public void TrainingKeepsEachSampleWithProbabilityOneMinusPScaledByItsInverse()
    {
        const int samples = 20000;
        const double p = 0.3, keep = 1 - p;
        using var scope = NewDisposeScope();
        using var drop = new DropPath(p);
        drop.train();
        var output = drop.forward(ones(samples, 3, 4));                           // [S, 3, 4]
        var perSample = output.flatten(1);                                        // [S, 12]
        Assert.IsTrue(perSample.amax(1).eq(perSample.amin(1)).all().item<bool>(), "one draw per sample, shared by all its elements");
        var value = perSample.select(1, 0);                                       // [S]
        var kept = value.ne(0);
        var scaled = (float)(1.0f / (float)keep);
        Assert.IsTrue(value.masked_select(kept).eq(scaled).all().item<bool>(), $"kept samples are scaled to 1 / (1 - p) = {scaled}");

        // Binomial(S, 1 - p): 5 standard deviations (a false alarm about once in 1.7 million runs).
        var fraction = kept.to_type(ScalarType.Float64).mean().item<double>();
        var sigma = Math.Sqrt(keep * p / samples);
        Assert.AreEqual(keep, fraction, 5 * sigma, "kept fraction");
        Assert.AreEqual(1.0, value.to_type(ScalarType.Float64).mean().item<double>(), 5 * sigma / keep, "expectation unchanged");
    }

    [TestMethod]
    public void PerBlockRatesFollowDinov2()
    {
        // numpy.linspace(0, 0.3, 4), as DinoVisionTransformer computes it.
        CollectionAssert.AreEqual(new[] { 0.0, 0.09999999999999999, 0.19999999999999998, 0.3 },
            (Tiny with { Depth = 4, DropPathRate = 0.3 }).DropPathRates());
        CollectionAssert.AreEqual(new[] { 0.3, 0.3, 0.3, 0.3 }, (Tiny with { Depth = 4, DropPathRate = 0.3, DropPathUniform = true }).DropPathRates());
        CollectionAssert.AreEqual(new[] { 0.0 }, (Tiny with { Depth = 1, DropPathRate = 0.3 }).DropPathRates());
        Assert.AreEqual(0.04545454545454546, (Tiny with { Depth = 12, DropPathRate = 0.1 }).DropPathRates()[5]);
        Assert.ThrowsExactly<ArgumentException>(() => (Tiny with { DropPathRate = 1.0 }).Validate());
    }

    [TestMethod]
    public void TheModelDropsOnlyInTraining()
    {
        using var scope = NewDisposeScope();
        using var plain = RandomWeights.Create(Tiny, seed: 3);
        using var dropping = RandomWeights.Create(Tiny with { DropPathRate = 0.5, DropPathUniform = true }, seed: 3);
        var images = randn(16, 3, 28, 28);
        using (no_grad())
        {
            var reference = plain.forward(images);
            Assert.IsTrue(dropping.forward(images).eq(reference).all().item<bool>(), "eval: the same function as without drop path");
            plain.train();
            Assert.IsTrue(plain.forward(images).eq(reference).all().item<bool>(), "rate 0: training mode changes nothing");
            dropping.train();
            var first = dropping.forward(images);
            var second = dropping.forward(images);
            Assert.IsFalse(first.eq(reference).all().item<bool>(), "training with rate 0.5 drops branches");
            Assert.IsFalse(first.eq(second).all().item<bool>(), "each forward draws again");
        }
    }

    [TestMethod]
    public void OnnxExportIsByteIdenticalWithAndWithoutDropPath()
    {
        var folder = RepoPaths.NewTempFolder();
        try
        {
            using var plain = RandomWeights.Create(Tiny, seed: 5);
            using var dropping = RandomWeights.Create(Tiny with { DropPathRate = 0.3 }, seed: 5);
            dropping.train();
            var a = Path.Combine(folder, "plain.onnx");
            var b = Path.Combine(folder, "dropping.onnx");
            VitOnnxExporter.Export(plain, a);
            VitOnnxExporter.Export(dropping, b);
            CollectionAssert.AreEqual(File.ReadAllBytes(a), File.ReadAllBytes(b));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
