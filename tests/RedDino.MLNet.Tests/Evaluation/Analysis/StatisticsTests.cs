using RedDino.MLNet.Evaluation;
using RedDino.MLNet.Evaluation.Analysis;

namespace RedDino.MLNet.Tests.Evaluation.Analysis;

/// <summary>The statistical building blocks against scikit-learn, scipy, numpy and exact integer
/// arithmetic (cases.json): silhouettes, McNemar, the corrected resampled t-test, percentiles and the
/// bootstrap's random draws.</summary>
[TestClass]
public sealed class StatisticsTests
{
    private static readonly System.Text.Json.Nodes.JsonObject Cases = AnalysisFixtures.Load("cases.json");

    [TestMethod]
    public void SilhouetteMatchesScikitLearn()
    {
        var fixture = Cases["silhouette"]!;
        var dim = fixture["dim"]!.GetValue<int>();
        var points = EvaluationFixtures.Floats(fixture["points"]).Select(v => (double)v).ToArray();
        var clusters = EvaluationFixtures.Ints(fixture["clusters"]);
        var expected = fixture["expected"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        var actual = Silhouette.Samples(points, dim, clusters, clusters.Max() + 1);
        for (var i = 0; i < expected.Length; i++)
            Assert.AreEqual(expected[i], actual[i], 1e-9, $"row {i}");
    }

    [TestMethod]
    public void McNemarFarInTheTailStaysAccurate()
    {
        // n = 61, min = 1: 2 (C(61, 0) + C(61, 1)) / 2^61 = 62 / 2^60, exact in binary.
        Assert.AreEqual(Math.ScaleB(62, -60), McNemarTest.PValue(1, 60));
        // n = 1000, min = 2: 2 (1 + 1000 + 499500) / 2^1000, about 9e-296, still a normal double.
        Assert.AreEqual(Math.ScaleB(500501, -999), McNemarTest.PValue(2, 998));
        // n = 2000: about 1e-596, below the smallest double: 0, not NaN.
        Assert.AreEqual(0.0, McNemarTest.PValue(2, 1998));
    }

    [TestMethod]
    public void SingletonClustersHaveSilhouetteZero()
    {
        double[] points = [0, 0, 1, 0, 5, 5];
        CollectionAssert.AreEqual(new[] { 0.0, 0.0, 0.0 }, Silhouette.Samples(points, 2, [0, 1, 2], 3));
    }

    [TestMethod]
    public void McNemarCountsAndExactPMatch()
    {
        foreach (var c in Cases["mcnemar"]!.AsArray())
        {
            var n01 = c!["n01"]!.GetValue<int>();
            var n10 = c["n10"]!.GetValue<int>();
            var expected = c["p"]!.GetValue<double>();
            // The reference sums integers exactly and rounds once; so does the C# code (up to an ulp or two).
            EvaluationFixtures.AssertClose(expected, McNemarTest.PValue(n01, n10), 0, 1e-14, $"McNemar p ({n01}, {n10})");
        }
        // Counts from predictions: row 0 only a right, rows 1-2 only b right, row 3 both, row 4 neither.
        var result = McNemarTest.Compute([0, 1, 2, 0, 1], [0, 0, 0, 0, 2], [1, 1, 2, 0, 0]);
        Assert.AreEqual(new McNemarResult(1, 2, 1.0), result);
    }

    [TestMethod]
    public void McNemarWithoutDiscordantRowsHasPOne() =>
        Assert.AreEqual(new McNemarResult(0, 0, 1.0), McNemarTest.Compute([], [], []));

    [TestMethod]
    public void CorrectedResampledTTestMatchesScipy()
    {
        foreach (var c in Cases["t_test"]!.AsArray())
        {
            var name = c!["name"]!.GetValue<string>();
            var result = CorrectedResampledTTest.Compute(Doubles(c["a"]), Doubles(c["b"]), EvaluationFixtures.Ints(c["n_test"]), EvaluationFixtures.Ints(c["n_train"]));
            AnalysisFixtures.AssertCloseOrNull(AnalysisFixtures.NullableDouble(c["mean_difference"]), result.MeanDifference, 1e-12, $"{name} mean difference");
            AnalysisFixtures.AssertCloseOrNull(AnalysisFixtures.NullableDouble(c["t"]), result.T, 1e-6, $"{name} t");
            AnalysisFixtures.AssertCloseOrNull(AnalysisFixtures.NullableDouble(c["p"]), result.P, 1e-6, $"{name} p");
        }
    }

    [TestMethod]
    public void ZeroVarianceOrOneSplitGivesNoTest()
    {
        // d = 0.25 on every split (exact in binary): var(d) = 0, t undefined; one split: J - 1 = 0 df.
        var constant = CorrectedResampledTTest.Compute([0.75, 0.5, 0.25], [0.5, 0.25, 0.0], [10, 10, 10], [20, 20, 20]);
        Assert.AreEqual(new PairedDifference(0.25, null, null), constant);
        Assert.AreEqual(new PairedDifference(0.5, null, null), CorrectedResampledTTest.Compute([1.0], [0.5], [1], [2]));
        Assert.AreEqual(new PairedDifference(null, null, null), CorrectedResampledTTest.Compute([], [], [], []));
        // An undefined split metric is left out, not counted as zero.
        var skipping = CorrectedResampledTTest.Compute([0.75, null, 0.5], [0.5, 0.1, 0.5], [10, 10, 10], [20, 20, 20]);
        Assert.AreEqual(0.125, skipping.MeanDifference);
    }

    [TestMethod]
    public void PercentilesMatchNumpy()
    {
        foreach (var c in Cases["percentiles"]!.AsArray())
        {
            var values = Doubles(c!["values"]).Select(v => v!.Value).ToArray();
            var qs = Doubles(c["q"]);
            var expected = Doubles(c["expected"]);
            for (var i = 0; i < qs.Length; i++)
                Assert.AreEqual(expected[i]!.Value, Percentile.Of(values, qs[i]!.Value), 1e-15, $"q {qs[i]}");
            Assert.AreEqual(c["median"]!.GetValue<double>(), Percentile.Median(values), 1e-15);
        }
    }

    [TestMethod]
    public void BootstrapDrawsAreNumpysLegacyRandintStream()
    {
        var draws = Cases["bootstrap_draws"]!;
        var n = draws["n"]!.GetValue<int>();
        var random = new NumpyLegacyRandom(draws["seed"]!.GetValue<uint>());
        foreach (var resample in draws["first_resamples"]!.AsArray())
            CollectionAssert.AreEqual(EvaluationFixtures.Ints(resample), Enumerable.Range(0, n).Select(_ => (int)random.NextInterval((uint)(n - 1))).ToArray());
    }

    [TestMethod]
    public void BootstrapOfNoRowsIsUndefined() =>
        Assert.AreEqual(new MetricIntervals(null, null, null), BootstrapIntervals.Compute([], [], ["a", "b"]));

    [TestMethod]
    public void BootstrapOfPerfectPredictionsIsAPoint()
    {
        var intervals = BootstrapIntervals.Compute([0, 1, 1, 0, 2], [0, 1, 1, 0, 2], ["a", "b", "c"], resamples: 50, seed: 3);
        Assert.AreEqual(new ConfidenceInterval(1, 1), intervals.Accuracy);
        Assert.AreEqual(new ConfidenceInterval(1, 1), intervals.BalancedAccuracy);
        Assert.AreEqual(new ConfidenceInterval(1, 1), intervals.WeightedF1);
    }

    private static double?[] Doubles(System.Text.Json.Nodes.JsonNode? node) =>
        node!.AsArray().Select(v => v is null ? (double?)null : v.GetValue<double>()).ToArray();
}
