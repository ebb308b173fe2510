using RedDino.Pretraining.Eval;
using TorchSharp;
using static TorchSharp.torch;

namespace RedDino.Pretraining.Tests.Eval;

[TestClass]
public sealed class ViewRetrievalTests
{
    [TestMethod]
    public void IdenticalViewsScoreOne()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(1);
        var x = randn([50, 16], generator: g);
        Assert.AreEqual(1.0, ViewRetrieval.Top1(cat([x, x])));
    }

    [TestMethod]
    public void RandomFeaturesScoreNearChance()
    {
        // 30 draws of 2 x 100 independent random views; chance = 1/199 per view.
        using var scope = NewDisposeScope();
        using var g = new Generator(2);
        var mean = Enumerable.Range(0, 30).Average(_ => ViewRetrieval.Top1(randn([200, 32], generator: g)));
        var chance = ViewRetrieval.Chance(100);
        Assert.AreEqual(1.0 / 199, chance, 1e-15);
        Assert.IsTrue(mean > 0.5 * chance && mean < 2 * chance, $"mean top-1 {mean} vs chance {chance}");
    }

    [TestMethod]
    public void CollapsedFeaturesScoreZeroAndPartnersAreIAndIPlusN()
    {
        using var scope = NewDisposeScope();
        Assert.AreEqual(0.0, ViewRetrieval.Top1(ones(8, 4)), "identical features: no view is strictly nearest to its partner");

        // Images 0 and 1 have close views; image 2's second view lies next to image 0's views.
        var views = tensor(new float[] { 1, 0, 0, 1, -1, 0, 1, 0.1f, 0.1f, 1, 0.9f, 0.3f }, [6, 2]);
        // Rows 0, 1, 3, 4 find their partner; row 2 (-1, 0) finds (0, 1), row 5 finds image 0's (1, 0.1).
        Assert.AreEqual(4.0 / 6, ViewRetrieval.Top1(views), 1e-12);
        Assert.ThrowsExactly<ArgumentException>(() => ViewRetrieval.Top1(ones(3, 4)));
    }

    [TestMethod]
    public void DeterministicAcrossCalls()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(3);
        var x = randn([40, 8], generator: g);
        var noisy = cat([x, x + randn([40, 8], generator: g) * 0.8]);
        var first = ViewRetrieval.Top1(noisy);
        Assert.AreEqual(first, ViewRetrieval.Top1(noisy));
        Assert.IsTrue(first is > 0 and < 1, $"a partial score {first}");
    }
}
