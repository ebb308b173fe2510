using RedDino.Backbone.Vit;
using RedDino.Pretraining.Eval;
using TorchSharp;
using static TorchSharp.torch;

namespace RedDino.Pretraining.Tests.Eval;

/// <summary>The probe's batching and embedding on a real (random-weight) ViT, fed by deterministic
/// synthetic view pairs; the augmented views of real images are covered by the training-run tests.</summary>
[TestClass]
public sealed class RetrievalProbeTests
{
    private static readonly VitSettings Tiny = VitSettings.Custom(32, 2, 2, 64, patchSize: 14, imageSize: 28) with { DropPathRate = 0.5 };

    /// <summary>Image k: noise keyed by k; its second view is the first, or the first plus noise.</summary>
    private sealed class SyntheticPairs(int count, double noise) : IViewPairs
    {
        public int Count => count;
        public int Size => 28;

        public (float[] First, float[] Second) Pair(int index)
        {
            using var g = new Generator((ulong)(index + 1));
            using var a = randn([3, 28, 28], generator: g);
            using var b = a + randn([3, 28, 28], generator: g) * noise;
            return (a.data<float>().ToArray(), b.data<float>().ToArray());
        }
    }

    [TestMethod]
    public void IdenticalViewsOfDistinctImagesScoreOne()
    {
        using var model = RandomWeights.Create(Tiny, seed: 1);
        var score = new RetrievalProbe(new SyntheticPairs(12, 0), batchSize: 5, workers: 2).Evaluate(model);
        Assert.AreEqual(1.0, score.Top1);
        Assert.AreEqual(12, score.Images);
        Assert.AreEqual(1.0 / 23, score.Chance, 1e-15);
    }

    [TestMethod]
    public void DeterministicWhateverTheBatchingAndTheTrainingMode()
    {
        using var model = RandomWeights.Create(Tiny, seed: 2);
        var views = new SyntheticPairs(20, 3.0);
        var reference = new RetrievalProbe(views, batchSize: 64, workers: 1).Evaluate(model).Top1;
        model.train(); // drop path 0.5: the probe must switch it off and restore the mode
        var again = new RetrievalProbe(views, batchSize: 3, workers: 2).Evaluate(model).Top1;
        Assert.AreEqual(reference, again);
        Assert.IsTrue(model.training, "training mode restored");
        Assert.IsTrue(reference is > 0 and < 1, $"noisy views give a partial score ({reference})");
    }
}
