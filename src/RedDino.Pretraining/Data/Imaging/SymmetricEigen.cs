using MathNet.Numerics.LinearAlgebra;

namespace RedDino.Pretraining.Data.Imaging;

/// <summary>Eigenvalues and eigenvectors of a symmetric matrix (FancyPCA's 3 x 3 colour
/// covariance), through MathNet.Numerics. Like cv2.eigen: eigenvalues in descending order and the
/// eigenvectors as rows. An eigenvector's sign is arbitrary; each is returned with its
/// largest-magnitude component positive so the result does not depend on the solver.</summary>
internal static class SymmetricEigen
{
    public static (double[] Values, double[,] Vectors) Decompose(double[,] matrix)
    {
        var n = matrix.GetLength(0);
        var evd = Matrix<double>.Build.DenseOfArray(matrix).Evd(Symmetricity.Symmetric);
        // MathNet: ascending eigenvalues, eigenvectors as columns.
        var order = Enumerable.Range(0, n).OrderByDescending(i => evd.EigenValues[i].Real).ToArray();
        var values = new double[n];
        var vectors = new double[n, n];
        for (var r = 0; r < n; r++)
        {
            var column = order[r];
            values[r] = evd.EigenValues[column].Real;
            var v = evd.EigenVectors.Column(column);
            var sign = v[v.AbsoluteMaximumIndex()] < 0 ? -1 : 1;
            for (var c = 0; c < n; c++)
                vectors[r, c] = sign * v[c];
        }
        return (values, vectors);
    }
}
