using RedDino.Cli.Reports;
using RedDino.MLNet.Classifiers;

namespace RedDino.Cli.Tests.Reports;

[TestClass]
public sealed class NeighborGalleryTests
{
    /// <summary>Independent of the library's search: every distance in float64, the query left out, sorted by
    /// (distance, row), the first k.</summary>
    internal static (int Row, double Distance)[] BruteForce(float[] values, int dimension, int query, int k, KnnDistance distance = KnnDistance.Euclidean)
    {
        var n = values.Length / dimension;
        double Dist(int a, int b)
        {
            double dot = 0, aa = 0, bb = 0, squared = 0;
            for (var j = 0; j < dimension; j++)
            {
                double x = values[a * dimension + j], y = values[b * dimension + j];
                dot += x * y;
                aa += x * x;
                bb += y * y;
                squared += (x - y) * (x - y);
            }
            return distance == KnnDistance.Euclidean ? Math.Sqrt(squared) : 1 - dot / Math.Sqrt(aa * bb);
        }
        return Enumerable.Range(0, n).Where(r => r != query).Select(r => (Row: r, Distance: Dist(query, r)))
            .OrderBy(p => p.Distance).ThenBy(p => p.Row).Take(k).ToArray();
    }

    /// <summary>Points on an integer lattice (exactly equal distances everywhere) with exact duplicates of a
    /// row both before and after it: the neighbours are the brute force's, row for row.</summary>
    [TestMethod]
    public void NeighboursEqualABruteForceSearchThroughTiesAndDuplicates()
    {
        const int n = 300, dim = 5, k = 5;
        var random = new Random(7);
        var values = new float[n * dim];
        for (var i = 0; i < values.Length; i++) values[i] = random.Next(0, 3);
        foreach (var (copy, of) in new[] { (10, 40), (41, 40), (42, 40), (200, 3) })
            values.AsSpan(of * dim, dim).CopyTo(values.AsSpan(copy * dim, dim));
        int[] queries = [0, 3, 10, 40, 41, 42, 100, 200, 299];

        var (indices, distances, kept) = NeighborGallery.Search(values, dim, queries, k, KnnDistance.Euclidean);

        Assert.AreEqual(k, kept);
        for (var q = 0; q < queries.Length; q++)
        {
            var expected = BruteForce(values, dim, queries[q], k);
            CollectionAssert.AreEqual(expected.Select(e => e.Row).ToArray(), indices.AsSpan(q * k, k).ToArray(), $"query row {queries[q]}");
            for (var r = 0; r < k; r++) Assert.AreEqual(expected[r].Distance, distances[q * k + r], 1e-12, $"query row {queries[q]}, rank {r + 1}");
            Assert.DoesNotContain(queries[q], indices.AsSpan(q * k, k).ToArray(), "the query itself is left out");
        }
        // Row 40 has copies at 10, 41 and 42: its nearest are those three, at distance 0.
        CollectionAssert.AreEqual(new[] { 10, 41, 42 }, indices.AsSpan(3 * k, 3).ToArray());
    }

    [TestMethod]
    public void CosineNeighboursEqualABruteForceSearch()
    {
        const int n = 120, dim = 8, k = 5;
        var random = new Random(3);
        var values = Enumerable.Range(0, n * dim).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        int[] queries = [1, 50, 119];
        var (indices, distances, _) = NeighborGallery.Search(values, dim, queries, k, KnnDistance.Cosine);
        for (var q = 0; q < queries.Length; q++)
        {
            var expected = BruteForce(values, dim, queries[q], k, KnnDistance.Cosine);
            CollectionAssert.AreEqual(expected.Select(e => e.Row).ToArray(), indices.AsSpan(q * k, k).ToArray(), $"query row {queries[q]}");
            for (var r = 0; r < k; r++) Assert.AreEqual(expected[r].Distance, distances[q * k + r], 1e-9, $"query row {queries[q]}, rank {r + 1}");
        }
    }

    [TestMethod]
    public void FewerRowsThanNeighboursGiveEveryOtherRow()
    {
        float[] values = [0, 1, 3, 6];
        var (indices, _, k) = NeighborGallery.Search(values, 1, [2], 5, KnnDistance.Euclidean);
        Assert.AreEqual(3, k);
        CollectionAssert.AreEqual(new[] { 1, 0, 3 }, indices, "distances 2, 3, 3: the tie goes to the lower row");
    }

    /// <summary>Of a class's n rows, m = min(perClass, n) at positions floor((j + 1/2) n / m): spread through the
    /// class in row order, classes in the given order, a class with fewer rows gives them all.</summary>
    [TestMethod]
    public void QueriesAreEvenlySpacedThroughEachClassInClassOrder()
    {
        // "a": the 10 even rows; "b": rows 1, 3, 5; "c": row 7; "d": the other odd rows from 9.
        var labels = new string?[20];
        for (var i = 0; i < 20; i++) labels[i] = i % 2 == 0 ? "a" : i < 6 ? "b" : "d";
        labels[7] = "c";
        var queries = NeighborGallery.ChooseQueries(labels, ["a", "b", "c", "d", "e"], perClass: 3);
        // a: 10 rows, positions 1, 5, 8 -> rows 2, 10, 16; b: all 3 (rows 1, 3, 5); c: row 7;
        // d: rows 9, 11, ..., 19 (6 rows), positions 1, 3, 5 -> rows 11, 15, 19; e: none.
        CollectionAssert.AreEqual(new[] { 2, 10, 16, 1, 3, 5, 7, 11, 15, 19 }, queries);
    }
}
