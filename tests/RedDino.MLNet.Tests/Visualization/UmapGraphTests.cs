using RedDino.MLNet.Classifiers;
using RedDino.MLNet.Visualization;

namespace RedDino.MLNet.Tests.Visualization;

/// <summary>The k-NN rows, smooth k-NN calibration and fuzzy graph against the numpy reference (atol 1e-6, rtol 1e-6).</summary>
[TestClass]
public sealed class UmapGraphTests
{
    private const double Atol = 1e-6;
    private const double Rtol = 1e-6;

    [TestMethod]
    public void NeighborListsSigmasRhosAndGraphEqualNumpy()
    {
        foreach (var c in UmapReference.Graphs)
        {
            var name = c["name"]!.GetValue<string>();
            var k = c["k"]!.GetValue<int>();
            var data = UmapReference.Floats(c["data"]);
            var neighbors = NeighborList.Build(data, c["dimension"]!.GetValue<int>(), k, KnnDistance.Euclidean, null);
            CollectionAssert.AreEqual(UmapReference.Ints(c["knn_indices"]), neighbors.Indices, $"{name}: k-NN indices");
            UmapReference.AssertClose(UmapReference.Doubles(c["knn_distances"]), neighbors.Distances.Select(v => (double)v).ToArray(), Atol, Rtol, $"{name}: k-NN distances");

            var (sigmas, rhos) = SmoothKnnDistances.Compute(neighbors, k, c["local_connectivity"]!.GetValue<double>());
            UmapReference.AssertClose(UmapReference.Doubles(c["rhos"]), rhos.Select(v => (double)v).ToArray(), Atol, Rtol, $"{name}: rho");
            UmapReference.AssertClose(UmapReference.Doubles(c["sigmas"]), sigmas.Select(v => (double)v).ToArray(), Atol, Rtol, $"{name}: sigma");

            var graph = FuzzySimplicialSet.Build(neighbors, sigmas, rhos, c["set_op_mix_ratio"]!.GetValue<double>());
            CollectionAssert.AreEqual(UmapReference.Ints(c["graph_rows"]), graph.Heads(), $"{name}: graph rows");
            CollectionAssert.AreEqual(UmapReference.Ints(c["graph_cols"]), graph.Columns, $"{name}: graph columns");
            UmapReference.AssertClose(UmapReference.Doubles(c["graph_weights"]), graph.Weights, Atol, Rtol, $"{name}: graph weights");
        }
    }

    [TestMethod]
    public void DuplicatePointsGetRhoFromTheFirstNonZeroDistance()
    {
        // Points 0 and 1 coincide: each is the other's neighbour at distance 0, so rho is the next distance.
        float[] data = [0, 0, 0, 0, 1, 0, 3, 0, 7, 0];
        var neighbors = NeighborList.Build(data, 2, 3, KnnDistance.Euclidean, null);
        CollectionAssert.AreEqual(new[] { 0, 1, 2 }, neighbors.IndicesOf(0).ToArray());
        CollectionAssert.AreEqual(new[] { 1, 0, 2 }, neighbors.IndicesOf(1).ToArray());
        var (_, rhos) = SmoothKnnDistances.Compute(neighbors, 3);
        Assert.AreEqual(1f, rhos[0]);
        Assert.AreEqual(1f, rhos[1]);
        var graph = FuzzySimplicialSet.Build(neighbors, SmoothKnnDistances.Compute(neighbors, 3).Sigmas, rhos, 1.0);
        Assert.AreEqual(1.0, graph.Weights[graph.RowStarts[0]], "distance 0 <= rho: membership 1");
    }
}
