using Microsoft.ML;
using RedDino.MLNet.Classifiers;
using RedDino.MLNet.Evaluation.Analysis;

namespace RedDino.MLNet.Tests.Evaluation.Analysis;

/// <summary>Batch-effect metrics against the numpy / scikit-learn / scipy reference (cases.json), within
/// the contract's 1e-4, plus the undefined cases.</summary>
[TestClass]
public sealed class BatchMetricsTests
{
    private const double Tolerance = 1e-4;

    public static IEnumerable<object[]> Cases =>
    [
        ["ties_and_duplicates"], ["classes_left_out_of_asw"], ["class_equals_batch"], ["two_rows"], ["three_rows"], ["more_rows_than_k"],
    ];

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void EveryMetricMatchesTheReference(string name)
    {
        var c = AnalysisFixtures.BatchCase(name);
        var expected = c.Expected!;
        var neighbors = c.FindNeighbors(90);
        AnalysisFixtures.AssertCloseOrNull(AnalysisFixtures.NullableDouble(expected["ilisi"]),
            IntegrationLisi.Compute(neighbors, c.BatchOf, c.BatchCount), Tolerance, $"{name} iLISI");
        AnalysisFixtures.AssertCloseOrNull(AnalysisFixtures.NullableDouble(expected["graph_connectivity"]),
            GraphConnectivity.Compute(neighbors, c.ClassOf), Tolerance, $"{name} graph connectivity");
        AnalysisFixtures.AssertCloseOrNull(AnalysisFixtures.NullableDouble(expected["robustness_index"]),
            RobustnessIndex.Compute(neighbors, c.ClassOf, c.BatchOf, c.BatchCount), Tolerance, $"{name} robustness index");
        AnalysisFixtures.AssertCloseOrNull(AnalysisFixtures.NullableDouble(expected["batch_asw"]),
            BatchSilhouette.Compute(c.Embeddings, c.Dimension, c.ClassOf, c.BatchOf, c.BatchCount), Tolerance, $"{name} batch ASW");
    }

    [TestMethod]
    [DataRow("ties_and_duplicates")]
    [DataRow("classes_left_out_of_asw")]
    [DataRow("three_rows")]
    public void NeighboursExcludeTheRowAndBreakTiesByTheSmallerIndex(string name)
    {
        var c = AnalysisFixtures.BatchCase(name);
        var expected = c.Neighbors!.AsArray().Select(EvaluationFixtures.Ints).ToArray();
        var found = c.FindNeighbors(90);
        Assert.AreEqual(Math.Min(90, c.Count - 1), found.K);
        for (var row = 0; row < c.Count; row++)
            CollectionAssert.AreEqual(expected[row], found.IndicesOf(row).ToArray(), $"{name} row {row}");
    }

    [TestMethod]
    public void DuplicateRowsAreEachOthersNearestInIndexOrder()
    {
        // 30 rows on a 3 x 3 integer grid: most rows have duplicates. A row's first neighbours are its
        // duplicates (distance 0) in ascending row order, never the row itself.
        var c = AnalysisFixtures.BatchCase("ties_and_duplicates");
        var found = c.FindNeighbors(29);
        var checkedRows = 0;
        for (var row = 0; row < c.Count; row++)
        {
            var point = c.Embeddings[(row * c.Dimension)..((row + 1) * c.Dimension)];
            var duplicates = Enumerable.Range(0, c.Count)
                .Where(other => other != row && c.Embeddings.AsSpan(other * c.Dimension, c.Dimension).SequenceEqual(point)).ToArray();
            if (duplicates.Length == 0) continue;
            checkedRows++;
            CollectionAssert.AreEqual(duplicates, found.IndicesOf(row)[..duplicates.Length].ToArray(), $"row {row}");
            Assert.AreEqual(0.0, found.DistancesOf(row)[duplicates.Length - 1]);
            Assert.IsGreaterThan(0.0, found.DistancesOf(row)[duplicates.Length]);
        }
        Assert.IsGreaterThanOrEqualTo(20, checkedRows, "the case should hold many duplicated rows");
    }

    [TestMethod]
    public void ClassesInOneBatchAreLeftOutOfTheSilhouette()
    {
        // Every class inside one batch: no class qualifies, so batch ASW is undefined; SO = OS = 0 too.
        var c = AnalysisFixtures.BatchCase("class_equals_batch");
        Assert.IsNull(BatchSilhouette.Compute(c.Embeddings, c.Dimension, c.ClassOf, c.BatchOf, c.BatchCount));
        Assert.IsNull(RobustnessIndex.Compute(c.FindNeighbors(20), c.ClassOf, c.BatchOf, c.BatchCount));
    }

    [TestMethod]
    public void FewerThanTwoBatchesGiveNoBatchEffects()
    {
        var c = AnalysisFixtures.BatchCase("one_batch");
        Assert.IsNull(c.Expected);
        var neighbors = c.FindNeighbors(90);
        Assert.IsNull(IntegrationLisi.Compute(neighbors, c.BatchOf, 1));
        Assert.IsNull(RobustnessIndex.Compute(neighbors, c.ClassOf, c.BatchOf, 1));
        Assert.IsNull(BatchSilhouette.Compute(c.Embeddings, c.Dimension, c.ClassOf, c.BatchOf, 1));
        Assert.IsNull(new BatchEffectAnalyzer(new MLContext(1)).Compute(c.Embeddings, c.Dimension, c.Labels, c.Batches));
    }

    [TestMethod]
    public void NoRowsGiveNullsNotNaN()
    {
        var neighbors = WithinSetNeighbors.Find([], 3, 90);
        Assert.AreEqual(0, neighbors.QueryCount);
        Assert.IsNull(IntegrationLisi.Compute(neighbors, [], 2));
        Assert.IsNull(GraphConnectivity.Compute(neighbors, []));
        Assert.IsNull(RobustnessIndex.Compute(neighbors, [], [], 2));
        Assert.IsNull(BatchSilhouette.Compute([], 3, [], [], 2));
    }

    [TestMethod]
    public void RowsWhoseWeightsAllUnderflowAreLeftOutOfIlisi()
    {
        // 7 rows, 6 neighbours each (perplexity 2). Row 0's neighbours are so far away that exp(-d beta)
        // underflows for every beta the search tries (S = 0): its LISI is undefined and the median runs
        // over rows 1..6 only. Without the exclusion row 0 would count as LISI 1 / 0.
        const int n = 7, k = 6;
        const double far = 1e300;
        var batchOf = new[] { 0, 0, 1, 1, 0, 1, 1 };
        var indices = new int[n * k];
        var distances = new double[n * k];
        for (var row = 0; row < n; row++)
            for (int j = 0, other = 0; j < k; other++)
            {
                if (other == row) continue;
                indices[row * k + j] = other;
                distances[row * k + j] = row == 0 ? far : 1 + j * (row + 1) * 0.1;
                j++;
            }
        var neighbors = new NeighborSearchResult(n, k, indices, distances);
        var weights = new double[k];
        Assert.IsFalse(LisiBetaSearch.Weights(distances.AsSpan(0, k), Math.Log(k / 3.0), weights));
        var lisi = new List<double>();
        for (var row = 1; row < n; row++)
        {
            Assert.IsTrue(LisiBetaSearch.Weights(distances.AsSpan(row * k, k), Math.Log(k / 3.0), weights));
            var shares = new double[2];
            for (var j = 0; j < k; j++) shares[batchOf[indices[row * k + j]]] += weights[j];
            lisi.Add(1 / shares.Sum(s => s * s));
        }
        Assert.AreEqual(Percentile.Median(lisi) - 1, IntegrationLisi.Compute(neighbors, batchOf, 2)!.Value, 1e-12);
    }

    [TestMethod]
    public void AllRowsUnderflowingGiveNullIlisi()
    {
        var neighbors = new NeighborSearchResult(2, 1, [1, 0], [1e300, 1e300]);
        Assert.IsNull(IntegrationLisi.Compute(neighbors, [0, 1], 2));
    }

    [TestMethod]
    public void AMissingBatchNamesTheRow()
    {
        var c = AnalysisFixtures.BatchCase("classes_left_out_of_asw");
        var batches = c.Batches.Select(b => (string?)b).ToArray();
        batches[4] = "";
        var error = Assert.ThrowsExactly<InvalidDataException>(() =>
            new BatchEffectAnalyzer(new MLContext(1)).Compute(c.Embeddings, c.Dimension, c.Labels, batches, "site"));
        StringAssert.Contains(error.Message, "row 5");
        StringAssert.Contains(error.Message, "'site'");
    }

    [TestMethod]
    public void SourceProbeUsesFewerFoldsForSmallBatchesAndNeedsTwoRowsInSomeBatch()
    {
        var c = AnalysisFixtures.BatchCase("classes_left_out_of_asw"); // batch "w" has one row
        var ml = new MLContext(1);
        // Smallest batch 3 rows: 3 folds.
        var batches = c.Batches.Select((b, i) => i < 3 ? "tiny" : b == "w" ? "u" : b).ToArray();
        var probe = SourceProbe.Compute(ml, c.Embeddings, c.Dimension, batches);
        Assert.AreEqual(3, probe.Folds);
        Assert.AreEqual(1.0 / 3, probe.Chance);
        Assert.IsTrue(probe.BalancedAccuracy is >= 0 and <= 1);
        // A one-row batch still allows 2 folds; every batch a single row does not (null, not NaN).
        Assert.AreEqual(2, SourceProbe.Compute(ml, c.Embeddings, c.Dimension, c.Batches).Folds);
        var singletons = SourceProbe.Compute(ml, c.Embeddings[..(3 * c.Dimension)], c.Dimension, ["a", "b", "c"]);
        Assert.AreEqual(new SourceProbeResult(null, 1.0 / 3, null), singletons);
    }

    [TestMethod]
    public void TooFewNeighboursAreRefused()
    {
        var c = AnalysisFixtures.BatchCase("classes_left_out_of_asw");
        var neighbors = c.FindNeighbors(10);
        Assert.ThrowsExactly<ArgumentException>(() => IntegrationLisi.Compute(neighbors, c.BatchOf, c.BatchCount));
        Assert.IsNotNull(GraphConnectivity.Compute(neighbors, c.ClassOf, 10));
    }
}
