using MathNet.Numerics.LinearAlgebra;

namespace RedDino.Cli.Reports;

/// <summary>2-D principal-component projection of embeddings (MathNet.Numerics): centre the rows,
/// take the two leading eigenvectors of the D x D covariance (symmetric eigen-decomposition), project.
/// Working on the covariance keeps it cheap for many rows (N x D -> D x D).</summary>
internal static class PcaProjection
{
    /// <summary>Projects row-major [rows, dim] values onto the first two principal components.
    /// Returns [rows, 2] and the fraction of variance each component explains.</summary>
    public static (double[,] Points, double[] Explained) Project(float[] values, int rows, int dim)
    {
        if (rows < 2 || dim < 2) throw new ArgumentException($"PCA needs at least 2 rows and 2 dimensions, got {rows}x{dim}");
        var x = Matrix<double>.Build.Dense(rows, dim, (i, j) => values[(long)i * dim + j]);
        var mean = x.ColumnSums() / rows;
        for (var j = 0; j < dim; j++)
            x.SetColumn(j, x.Column(j) - mean[j]);
        var covariance = x.TransposeThisAndMultiply(x) / (rows - 1);              // [D, D]
        var evd = covariance.Evd(Symmetricity.Symmetric);                        // eigenvalues ascending
        var order = Enumerable.Range(0, dim).OrderByDescending(i => evd.EigenValues[i].Real).Take(2).ToArray();
        var components = Matrix<double>.Build.DenseOfColumnVectors(order.Select(i => evd.EigenVectors.Column(i)));   // [D, 2]
        var projected = x * components;                                          // [N, 2]
        var total = evd.EigenValues.Sum(v => Math.Max(v.Real, 0));
        var explained = order.Select(i => total > 0 ? Math.Max(evd.EigenValues[i].Real, 0) / total : 0).ToArray();
        return (projected.ToArray(), explained);
    }
}
