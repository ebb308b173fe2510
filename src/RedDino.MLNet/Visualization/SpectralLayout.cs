using MathNet.Numerics.LinearAlgebra;
using RedDino.MLNet.Classifiers;

namespace RedDino.MLNet.Visualization;

/// <summary>umap-learn's spectral initialisation (spectral_layout): the eigenvectors 2..dim+1 (by ascending
/// eigenvalue) of the normalised Laplacian L = I - D^(-1/2) W D^(-1/2), i.e. the largest eigenvectors of
/// M = D^(-1/2) W D^(-1/2) after the trivial one. A graph of several connected components is laid out as
/// umap-learn's multi_component_layout: component positions from unit vectors ±e_i (at most 2·dim components)
/// or from a spectral embedding of the components' centroids, each component's own spectral layout scaled to
/// half the distance to the nearest other component, and components too small for it placed at random.</summary>
internal static class SpectralLayout
{
    /// <summary>Up to this many vertices the eigenproblem is solved densely (MathNet), above it by Lanczos.</summary>
    internal const int DenseLimit = 600;

    /// <summary>Lanczos settings: at most this many cycles, basis max(2k + 1, √n) as umap-learn gives ARPACK.</summary>
    private const int MaxCycles = 300;
    private const double Tolerance = 1e-6;

    /// <summary>[N, dim] row-major initial coordinates.</summary>
    public static double[] Compute(SparseGraph graph, float[] data, int dataDim, KnnDistance distance, int dim,
        VisualizationRandom random, long seed, Action<string>? warn = null)
    {
        var (count, labels) = graph.ConnectedComponents();
        if (count == 1)
        {
            return graph.VertexCount > dim + 1 ? Eigenvectors(graph, dim, seed, warn)
                : Uniform(graph.VertexCount, dim, 10, random);
        }
        var meta = count > 2 * dim ? ComponentLayout.Centroids(data, dataDim, labels, count, dim, distance) : UnitVectors(count, dim);
        var result = new double[graph.VertexCount * dim];
        for (var label = 0; label < count; label++)
        {
            var vertices = Enumerable.Range(0, graph.VertexCount).Where(v => labels[v] == label).ToArray();
            var range = HalfNearestDistance(meta, label, count, dim);
            double[] local;
            if (vertices.Length < 2 * dim || vertices.Length <= dim + 1)
            {
                local = Uniform(vertices.Length, dim, range, random);
            }
            else
            {
                local = Eigenvectors(graph.Subgraph(vertices), dim, seed + label, warn);
                var largest = local.Max(Math.Abs);
                if (largest > 0)
                    for (var i = 0; i < local.Length; i++) local[i] *= range / largest;
            }
            for (var i = 0; i < vertices.Length; i++)
                for (var d = 0; d < dim; d++)
                    result[vertices[i] * dim + d] = local[i * dim + d] + meta[label * dim + d];
        }
        return result;
    }

    // The eigenvectors 2..dim+1 of L for a connected graph, as [n, dim].
    private static double[] Eigenvectors(SparseGraph graph, int dim, long seed, Action<string>? warn)
    {
        var n = graph.VertexCount;
        var scale = graph.RowSums().Select(d => 1 / Math.Sqrt(d)).ToArray();
        double[][] vectors;
        if (n <= DenseLimit)
        {
            var m = Matrix<double>.Build.Dense(n, n);
            for (var i = 0; i < n; i++)
                for (var e = graph.RowStarts[i]; e < graph.RowStarts[i + 1]; e++)
                    m[i, graph.Columns[e]] = scale[i] * graph.Weights[e] * scale[graph.Columns[e]];
            var evd = m.Evd(Symmetricity.Symmetric);
            var order = Enumerable.Range(0, n).OrderByDescending(i => evd.EigenValues[i].Real).ThenBy(i => i).ToArray();
            vectors = order.Take(dim + 1).Select(i => evd.EigenVectors.Column(i).ToArray()).ToArray();
        }
        else
        {
            var basis = Math.Max(2 * (dim + 1) + 1, (int)Math.Sqrt(n));
            var (_, found, converged) = LanczosEigensolver.Largest(n, (x, y) => MultiplyNormalized(graph, scale, x, y), dim + 1,
                Enumerable.Repeat(1.0, n).ToArray(), basis, Tolerance, MaxCycles, seed);
            if (!converged)
                warn?.Invoke($"the spectral initialisation did not fully converge in {MaxCycles} Lanczos cycles; its approximate eigenvectors are used");
            vectors = found;
        }
        var result = new double[n * dim];
        for (var d = 0; d < dim; d++)
            for (var i = 0; i < n; i++) result[i * dim + d] = vectors[d + 1][i];
        return result;
    }

    // y = D^(-1/2) W D^(-1/2) x; rows are independent, so the result does not depend on scheduling.
    private static void MultiplyNormalized(SparseGraph graph, double[] scale, double[] x, double[] y)
    {
        Parallel.For(0, graph.VertexCount, i =>
        {
            double sum = 0;
            for (var e = graph.RowStarts[i]; e < graph.RowStarts[i + 1]; e++)
                sum += graph.Weights[e] * scale[graph.Columns[e]] * x[graph.Columns[e]];
            y[i] = scale[i] * sum;
        });
    }

    // umap-learn: k = ceil(count / 2) unit vectors e_1..e_k, then their negatives, the first `count` of them.
    private static double[] UnitVectors(int count, int dim)
    {
        var half = (count + 1) / 2;
        var result = new double[count * dim];
        for (var c = 0; c < count; c++)
            result[c * dim + c % half] = c < half ? 1 : -1;
        return result;
    }

    private static double HalfNearestDistance(double[] meta, int label, int count, int dim)
    {
        var nearest = double.PositiveInfinity;
        for (var other = 0; other < count; other++)
        {
            double sum = 0;
            for (var d = 0; d < dim; d++)
            {
                var diff = meta[label * dim + d] - meta[other * dim + d];
                sum += diff * diff;
            }
            if (sum > 0) nearest = Math.Min(nearest, Math.Sqrt(sum));
        }
        return double.IsPositiveInfinity(nearest) ? 1.0 : nearest / 2; // all components at one spot: unit range
    }

    internal static double[] Uniform(int n, int dim, double range, VisualizationRandom random)
    {
        var result = new double[n * dim];
        for (var i = 0; i < result.Length; i++) result[i] = random.NextUniform(-range, range);
        return result;
    }
}
