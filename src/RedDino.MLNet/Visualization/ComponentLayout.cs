using MathNet.Numerics.LinearAlgebra;
using RedDino.MLNet.Classifiers;

namespace RedDino.MLNet.Visualization;

/// <summary>Where UMAP's spectral initialisation puts the connected components of a graph when there are more
/// than 2·dim of them (umap-learn's component_layout): scikit-learn's SpectralEmbedding of the affinity
/// exp(-d²) between the components' centroids (d in the input distance), divided by its largest value.
/// SpectralEmbedding: normalised Laplacian of the affinity without its diagonal, eigenvectors 2..dim+1 by
/// ascending eigenvalue, each divided by √degree and signed so that its largest-magnitude entry is positive.</summary>
internal static class ComponentLayout
{
    /// <summary>[count, dim] row-major positions of the components.</summary>
    public static double[] Centroids(float[] data, int dataDim, int[] labels, int count, int dim, KnnDistance distance)
    {
        var centroids = new double[count, dataDim];
        var sizes = new int[count];
        for (var i = 0; i < labels.Length; i++)
        {
            sizes[labels[i]]++;
            for (var j = 0; j < dataDim; j++) centroids[labels[i], j] += data[i * dataDim + j];
        }
        for (var c = 0; c < count; c++)
            for (var j = 0; j < dataDim; j++) centroids[c, j] /= sizes[c];

        var affinity = Matrix<double>.Build.Dense(count, count);
        for (var a = 0; a < count; a++)
            for (var b = 0; b < count; b++)
                if (a != b) affinity[a, b] = Math.Exp(-Math.Pow(Distance(centroids, a, b, dataDim, distance), 2));
        var degree = affinity.RowSums().Select(v => v == 0 ? 1 : Math.Sqrt(v)).ToArray(); // scipy: isolated vertices keep 1
        var laplacian = Matrix<double>.Build.Dense(count, count, (a, b) => a == b ? 1 : -affinity[a, b] / (degree[a] * degree[b]));
        var evd = laplacian.Evd(Symmetricity.Symmetric);
        var order = Enumerable.Range(0, count).OrderBy(i => evd.EigenValues[i].Real).ThenBy(i => i).ToArray();

        var result = new double[count * dim];
        for (var d = 0; d < dim; d++)
        {
            var vector = evd.EigenVectors.Column(order[d + 1]).ToArray();
            for (var c = 0; c < count; c++) vector[c] /= degree[c];
            var largest = 0;
            for (var c = 1; c < count; c++)
                if (Math.Abs(vector[c]) > Math.Abs(vector[largest])) largest = c;
            var sign = vector[largest] < 0 ? -1 : 1;
            for (var c = 0; c < count; c++) result[c * dim + d] = sign * vector[c];
        }
        var max = result.Max();
        if (max <= 0) max = result.Max(Math.Abs);
        if (max > 0)
            for (var i = 0; i < result.Length; i++) result[i] /= max;
        return result;
    }

    private static double Distance(double[,] centroids, int a, int b, int dim, KnnDistance distance)
    {
        double dot = 0, na = 0, nb = 0, sum = 0;
        for (var j = 0; j < dim; j++)
        {
            var (x, y) = (centroids[a, j], centroids[b, j]);
            sum += (x - y) * (x - y);
            dot += x * y;
            na += x * x;
            nb += y * y;
        }
        if (distance == KnnDistance.Euclidean) return Math.Sqrt(sum);
        return na == 0 || nb == 0 ? 1 : 1 - dot / Math.Sqrt(na * nb);
    }
}
