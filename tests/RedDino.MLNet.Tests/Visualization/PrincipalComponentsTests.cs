using MathNet.Numerics.LinearAlgebra;
using RedDino.MLNet.Visualization;

namespace RedDino.MLNet.Tests.Visualization;

[TestClass]
public sealed class PrincipalComponentsTests
{
    [TestMethod]
    public void EqualsTheSvdOfTheCentredRowsAcrossCovarianceBlocks()
    {
        // 9,000 rows: the covariance is summed over three blocks of rows.
        var (values, _) = SyntheticClusters.Make(3, 3_000, 6, seed: 4);
        var pca = PrincipalComponents.Fit(values, 6, 3);

        var x = Matrix<double>.Build.Dense(9_000, 6, (i, j) => values[i * 6 + j]);
        var mean = x.ColumnSums() / 9_000;
        for (var j = 0; j < 6; j++) x.SetColumn(j, x.Column(j) - mean[j]);
        var svd = x.Svd(computeVectors: true);                                   // singular values descending
        for (var c = 0; c < 3; c++)
        {
            Assert.AreEqual(svd.S[c] * svd.S[c] / 8_999, pca.ExplainedVariance[c], 1e-9 * svd.S[0] * svd.S[0], $"variance {c}");
            var direction = svd.VT.Row(c);
            var cosine = direction.DotProduct(Vector<double>.Build.DenseOfArray(pca.Components.Skip(c * 6).Take(6).ToArray()));
            Assert.AreEqual(1.0, Math.Abs(cosine), 1e-9, $"component {c}");
            var largest = Enumerable.Range(0, 6).MaxBy(j => Math.Abs(pca.Components[c * 6 + j]));
            Assert.IsGreaterThan(0, pca.Components[c * 6 + largest], "sign: the largest loading is positive");
        }
        var scores = pca.Transform(values);
        Assert.AreEqual(0.0, Enumerable.Range(0, 9_000).Average(i => scores[i * 3]), 1e-9, "scores are centred");
    }
}
