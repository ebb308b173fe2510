using MathNet.Numerics.LinearAlgebra;
using RedDino.MLNet.Classifiers;
using RedDino.MLNet.Visualization;

namespace RedDino.MLNet.Tests.Visualization;

[TestClass]
public sealed class LanczosEigensolverTests
{
    [TestMethod]
    public void NormalisedLaplacianEigenvaluesEqualScipy()
    {
        foreach (var c in UmapReference.Graphs)
        {
            var graph = Graph(c);
            var expected = UmapReference.Doubles(c["laplacian_smallest_eigenvalues"]);
            // Lanczos on M = D^-1/2 W D^-1/2 with a basis far smaller than the graph (restarts needed): L = I - M.
            var (values, _, converged) = Solve(graph, 3, basis: 8);
            Assert.IsTrue(converged, c["name"]!.ToString());
            UmapReference.AssertClose(expected, values.Select(v => 1 - v).ToArray(), 1e-8, 0, $"{c["name"]}: smallest eigenvalues of L");
        }
    }

    [TestMethod]
    public void LanczosEqualsDenseEigendecompositionOnALargerGraph()
    {
        var (values, _) = SyntheticClusters.Make(1, 900, 10, seed: 21);
        var neighbors = NeighborList.Build(values, 10, 10, KnnDistance.Euclidean, null);
        var (sigmas, rhos) = SmoothKnnDistances.Compute(neighbors, 10);
        var graph = FuzzySimplicialSet.Build(neighbors, sigmas, rhos, 1.0);
        Assert.AreEqual(1, graph.ConnectedComponents().Count);

        var (lanczosValues, vectors, converged) = Solve(graph, 3, basis: 30);
        Assert.IsTrue(converged);
        var dense = Normalized(graph);
        var evd = dense.Evd(Symmetricity.Symmetric);
        var order = Enumerable.Range(0, graph.VertexCount).OrderByDescending(i => evd.EigenValues[i].Real).Take(3).ToArray();
        for (var w = 0; w < 3; w++)
        {
            Assert.AreEqual(evd.EigenValues[order[w]].Real, lanczosValues[w], 1e-9, $"eigenvalue {w}");
            var cosine = Math.Abs(evd.EigenVectors.Column(order[w]).DotProduct(Vector<double>.Build.DenseOfArray(vectors[w])));
            Assert.AreEqual(1.0, cosine, 1e-6, $"eigenvector {w}");
        }
    }

    [TestMethod]
    public void ComponentPositionsEqualScikitLearnsSpectralEmbedding()
    {
        // Each centroid is its own component (labels 0..6), so the component centroids are these points.
        var c = UmapReference.ComponentLayoutCase;
        var centroids = UmapReference.Floats(c["centroids"]);
        var count = centroids.Length / 3;
        var layout = ComponentLayout.Centroids(centroids, 3, Enumerable.Range(0, count).ToArray(), count, 2, KnnDistance.Euclidean);
        UmapReference.AssertClose(UmapReference.Doubles(c["layout"]), layout, 1e-6, 1e-5, "component layout");
    }

    private static SparseGraph Graph(System.Text.Json.Nodes.JsonObject c)
    {
        var rows = UmapReference.Ints(c["graph_rows"]);
        return SparseGraph.FromTriples(rows.Max() + 1, rows, UmapReference.Ints(c["graph_cols"]), UmapReference.Doubles(c["graph_weights"]));
    }

    private static (double[] Values, double[][] Vectors, bool Converged) Solve(SparseGraph graph, int count, int basis)
    {
        var matrix = Normalized(graph);
        return LanczosEigensolver.Largest(graph.VertexCount, (x, y) => matrix.Multiply(Vector<double>.Build.DenseOfArray(x)).CopyTo(Vector<double>.Build.Dense(y)),
            count, Enumerable.Repeat(1.0, graph.VertexCount).ToArray(), basis, 1e-10, 2000, seed: 0);
    }

    private static Matrix<double> Normalized(SparseGraph graph)
    {
        var scale = graph.RowSums().Select(d => 1 / Math.Sqrt(d)).ToArray();
        var m = Matrix<double>.Build.Dense(graph.VertexCount, graph.VertexCount);
        for (var i = 0; i < graph.VertexCount; i++)
            for (var e = graph.RowStarts[i]; e < graph.RowStarts[i + 1]; e++)
                m[i, graph.Columns[e]] = scale[i] * graph.Weights[e] * scale[graph.Columns[e]];
        return m;
    }
}
