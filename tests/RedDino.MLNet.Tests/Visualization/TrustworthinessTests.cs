using RedDino.MLNet.Visualization;

namespace RedDino.MLNet.Tests.Visualization;

[TestClass]
public sealed class TrustworthinessTests
{
    [TestMethod]
    public void EqualsScikitLearn()
    {
        var c = UmapReference.TrustworthinessCase;
        var data = UmapReference.Floats(c["data"]);
        var map = UmapReference.Floats(c["map"]);
        var (dim, mapDim) = (c["dimension"]!.GetValue<int>(), c["map_dimension"]!.GetValue<int>());
        Assert.AreEqual(c["k5"]!.GetValue<double>(), Trustworthiness.Compute(data, dim, map, mapDim, 5), 1e-12);
        Assert.AreEqual(c["k10"]!.GetValue<double>(), Trustworthiness.Compute(data, dim, map, mapDim, 10), 1e-12);
    }

    [TestMethod]
    public void AMapThatKeepsTheDataIsPerfectlyTrustworthy()
    {
        var c = UmapReference.TrustworthinessCase;
        var data = UmapReference.Floats(c["data"]);
        var dim = c["dimension"]!.GetValue<int>();
        Assert.AreEqual(1.0, Trustworthiness.Compute(data, dim, data, dim, 10), 1e-15);
    }

    [TestMethod]
    public void KMustBeBelowHalfTheRows() =>
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Trustworthiness.Compute(new float[20], 2, new float[20], 2, 5));
}
