using RedDino.MLNet.Classifiers;

namespace RedDino.MLNet.Tests.Classifiers;

[TestClass]
public sealed class NearestNeighborSearchTests
{
    // Vote fractions are float32 (ML.NET's Score type): |a - b| <= 1e-7 + 0 * |b| against scikit-learn's float64 proba.
    private const double ScoreAtol = 1e-7;

    private static readonly NeighborSearchOptions SmallBlocks = new() { QueryBlockSize = 7, ReferenceBlockSize = 53, CandidateMargin = 0 };

    private static IEnumerable<object[]> Cases() =>
        KnnFixture.All.SelectMany(c => c.Runs.Select((_, i) => new object[] { c.Name, i }));

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void PredictionsMatchScikitLearnExactly(string caseName, int runIndex)
    {
        var fixture = KnnFixture.Named(caseName);
        var run = fixture.Runs[runIndex];
        foreach (var options in new[] { new NeighborSearchOptions(), SmallBlocks })
        {
            using var model = new KNearestNeighborsModel(fixture.References, fixture.Classes.Encode(fixture.Labels), fixture.Dimension,
                fixture.Classes.Names, run.K, run.Distance, run.Weighting, options);
            var (scores, predicted) = model.Predict(fixture.Queries);
            CollectionAssert.AreEqual(run.Predicted, predicted.Select(p => fixture.Classes.Names[p]).ToArray(), $"{run}, blocks {options.QueryBlockSize}");
            for (var q = 0; q < fixture.QueryCount; q++)
                for (var c = 0; c < fixture.Classes.Count; c++)
                    Assert.AreEqual(run.Proba[q][c], scores[q * fixture.Classes.Count + c], ScoreAtol, $"{run} query {q} class {c}");
        }
    }

    [TestMethod]
    public void FixturesExerciseTheTieRule() =>
        Assert.IsGreaterThan(50, KnnFixture.All.Sum(c => c.Runs.Sum(r => r.VoteTies)), "queries decided by the smallest-index rule");

    [TestMethod]
    public void NearTiesAtTheBoundaryFallBackToFloat64()
    {
        var fixture = KnnFixture.Named("near_ties");
        using var index = new NearestNeighborIndex(fixture.References, fixture.Dimension);
        var result = index.Search(fixture.Queries, 20);
        Assert.IsGreaterThan(0L, index.FallbackCount, "the near-tie queries need the float64 pass over every reference");
        for (var q = 0; q < fixture.QueryCount; q++)
            CollectionAssert.AreEqual(BruteForce(fixture.References, fixture.Dimension, fixture.Queries.AsSpan(q * fixture.Dimension, fixture.Dimension), 20),
                result.IndicesOf(q).ToArray(), $"query {q}");
    }

    [TestMethod]
    public void WellSeparatedDataNeedsNoFallbackAndMatchesBruteForce()
    {
        var random = new Random(3);
        const int dim = 40, references = 3000, queries = 200;
        var data = Enumerable.Range(0, (references + queries) * dim).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();
        var refs = data[..(references * dim)];
        var qs = data[(references * dim)..];
        using var index = new NearestNeighborIndex(refs, dim, options: new NeighborSearchOptions { QueryBlockSize = 64, ReferenceBlockSize = 700 });
        var result = index.Search(qs, 5);
        Assert.AreEqual(0L, index.FallbackCount);
        for (var q = 0; q < queries; q++)
        {
            var expected = BruteForce(refs, dim, qs.AsSpan(q * dim, dim), 5);
            CollectionAssert.AreEqual(expected, result.IndicesOf(q).ToArray(), $"query {q}");
            var d0 = Math.Sqrt(Enumerable.Range(0, dim).Sum(j => Math.Pow((double)qs[q * dim + j] - refs[expected[0] * dim + j], 2)));
            Assert.AreEqual(d0, result.DistancesOf(q)[0], 1e-12 * d0);
        }
    }

    [TestMethod]
    public void BadInputIsRejectedWithItsPosition()
    {
        var refs = new float[] { 0, 0, 1, 1, 2, 2 };
        var nan = Assert.ThrowsExactly<ArgumentException>(() => new NearestNeighborIndex([0, 0, float.NaN, 1], 2));
        StringAssert.Contains(nan.Message, "reference row 2", "rows count from 1");
        using var index = new NearestNeighborIndex(refs, 2);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => index.Search(new float[] { 0, 0 }, 4));
        var badQuery = Assert.ThrowsExactly<ArgumentException>(() => index.Search(new float[] { 0, 0, 1, float.PositiveInfinity }, 1));
        StringAssert.Contains(badQuery.Message, "query row 2, feature 1");
    }

    private static int[] BruteForce(float[] refs, int dim, ReadOnlySpan<float> query, int k)
    {
        var keys = new (double Key, int Index)[refs.Length / dim];
        for (var r = 0; r < keys.Length; r++)
        {
            double sum = 0;
            for (var j = 0; j < dim; j++)
            {
                var d = (double)query[j] - refs[r * dim + j];
                sum += d * d;
            }
            keys[r] = (sum, r);
        }
        Array.Sort(keys);
        return keys.Take(k).Select(t => t.Index).ToArray();
    }
}
