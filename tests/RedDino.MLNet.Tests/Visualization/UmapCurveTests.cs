using RedDino.MLNet.Visualization;

namespace RedDino.MLNet.Tests.Visualization;

[TestClass]
public sealed class UmapCurveTests
{
    [TestMethod]
    public void FitEqualsScipyCurveFit()
    {
        foreach (var c in UmapReference.Curve)
        {
            var (spread, minDist) = (c!["spread"]!.GetValue<double>(), c["min_dist"]!.GetValue<double>());
            var (a, b) = UmapCurve.Fit(spread, minDist);
            var what = $"spread {spread}, min_dist {minDist}";
            UmapReference.AssertClose([c["a"]!.GetValue<double>(), c["b"]!.GetValue<double>()], [a, b], 1e-6, 1e-5, what);
        }
    }

    [TestMethod]
    public void DefaultsAreUmapLearnsPublishedValues()
    {
        var (a, b) = UmapCurve.Fit(1.0, 0.1);
        Assert.AreEqual(1.577, a, 0.0005);
        Assert.AreEqual(0.895, b, 0.0005);
    }
}
