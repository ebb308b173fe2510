using RedDino.Cli.Reports;

namespace RedDino.Cli.Tests.Reports;

[TestClass]
public sealed class PcaProjectionTests
{
    /// <summary>Points on a known plane: x = 3 a u + 1 b v (+ 0.001 noise), u and v orthonormal.
    /// a and b are exactly uncorrelated (the second half repeats the first with b negated), so
    /// PCA must recover u and v (up to sign) as PC1 and PC2, and explain almost all variance in the
    /// ratio 9 : 1. Tolerance 1e-2 absolute on the projections and ratios.</summary>
    [TestMethod]
    public void RecoversTheAxesOfAKnownPlane()
    {
        const int rows = 400, dim = 6;
        var u = new[] { 1, 1, 0, 0, 0, 0 }.Select(v => v / Math.Sqrt(2)).ToArray();
        var v = new[] { 0, 0, 1, -1, 1, -1 }.Select(x => x / 2.0).ToArray();
        var random = new Random(11);
        var a = new double[rows];
        var b = new double[rows];
        var values = new float[rows * dim];
        for (var i = 0; i < rows; i++)
        {
            a[i] = i < rows / 2 ? random.NextDouble() * 2 - 1 : a[i - rows / 2];
            b[i] = i < rows / 2 ? random.NextDouble() * 2 - 1 : -b[i - rows / 2];
            for (var j = 0; j < dim; j++) values[i * dim + j] = (float)(10 + 3 * a[i] * u[j] + b[i] * v[j] + 0.001 * (random.NextDouble() - 0.5));
        }
        var (points, explained) = PcaProjection.Project(values, rows, dim);

        double meanA = a.Average(), meanB = b.Average();
        var sign1 = Math.Sign(points[0, 0] * (a[0] - meanA));
        var sign2 = Math.Sign(points[0, 1] * (b[0] - meanB));
        for (var i = 0; i < rows; i++)
        {
            Assert.AreEqual(3 * (a[i] - meanA), sign1 * points[i, 0], 1e-2, $"row {i}, PC1");
            Assert.AreEqual(b[i] - meanB, sign2 * points[i, 1], 1e-2, $"row {i}, PC2");
        }
        var varA = a.Sum(x => (x - meanA) * (x - meanA)) * 9;
        var varB = b.Sum(x => (x - meanB) * (x - meanB));
        Assert.AreEqual(varA / (varA + varB), explained[0], 1e-2);
        Assert.AreEqual(varB / (varA + varB), explained[1], 1e-2);
    }
}
