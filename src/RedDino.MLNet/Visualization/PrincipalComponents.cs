using MathNet.Numerics.LinearAlgebra;

namespace RedDino.MLNet.Visualization;

/// <summary>Principal component analysis of row vectors: the rows are mean-centred and the components are the
/// leading eigenvectors of the D x D sample covariance (symmetric eigendecomposition, MathNet), largest variance
/// first. Sign convention (deterministic): each component is signed so that its largest-magnitude loading is
/// positive (the first such loading on a tie).</summary>
public sealed class PrincipalComponents
{
    private const int CovarianceBlock = 4096;

    private PrincipalComponents(double[] mean, double[] components, double[] variances, double totalVariance)
    {
        Mean = mean;
        Components = components;
        ExplainedVariance = variances;
        ExplainedVarianceRatio = variances.Select(v => totalVariance > 0 ? v / totalVariance : 0).ToArray();
    }

    /// <summary>[D] the mean row.</summary>
    public double[] Mean { get; }

    /// <summary>[K, D] row-major unit component vectors, largest variance first.</summary>
    public double[] Components { get; }

    /// <summary>[K] variance along each component (sample variance, divisor N - 1).</summary>
    public double[] ExplainedVariance { get; }

    /// <summary>[K] fraction of the total variance along each component.</summary>
    public double[] ExplainedVarianceRatio { get; }

    /// <summary>Number of components K.</summary>
    public int Count => ExplainedVariance.Length;

    /// <summary>Feature dimension D.</summary>
    public int Dimension => Mean.Length;

    /// <summary>Fits <paramref name="components"/> components to <paramref name="rows"/> ([N, D] row-major).</summary>
    /// <exception cref="ArgumentException">No rows, a ragged array, or more components than dimensions.</exception>
    public static PrincipalComponents Fit(ReadOnlySpan<float> rows, int dimension, int components)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        if (rows.Length == 0 || rows.Length % dimension != 0)
            throw new ArgumentException($"{rows.Length} values are not a whole, non-zero number of rows of {dimension}", nameof(rows));
        if (components < 1 || components > dimension)
            throw new ArgumentOutOfRangeException(nameof(components), components, $"must be in 1..{dimension} (the dimension)");
        var n = rows.Length / dimension;
        var mean = new double[dimension];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < dimension; j++) mean[j] += rows[i * dimension + j];
        for (var j = 0; j < dimension; j++) mean[j] /= n;

        // Σ (x - mean)(x - mean)ᵀ over blocks of rows: memory stays O(block x D) for any number of rows.
        var covariance = Matrix<double>.Build.Dense(dimension, dimension);
        for (var start = 0; start < n; start += CovarianceBlock)
        {
            var count = Math.Min(CovarianceBlock, n - start);
            var block = Matrix<double>.Build.Dense(count, dimension);
            for (var i = 0; i < count; i++)
                for (var j = 0; j < dimension; j++) block[i, j] = rows[(start + i) * dimension + j] - mean[j];
            covariance += block.TransposeThisAndMultiply(block);
        }
        covariance /= Math.Max(n - 1, 1);                                                   // [D, D]
        var evd = covariance.Evd(Symmetricity.Symmetric);
        var order = Enumerable.Range(0, dimension).OrderByDescending(i => evd.EigenValues[i].Real).ThenBy(i => i).Take(components).ToArray();
        var vectors = new double[components * dimension];
        for (var c = 0; c < components; c++)
        {
            var column = evd.EigenVectors.Column(order[c]);
            var largest = 0;
            for (var j = 1; j < dimension; j++)
                if (Math.Abs(column[j]) > Math.Abs(column[largest])) largest = j;
            var sign = column[largest] < 0 ? -1.0 : 1.0;
            for (var j = 0; j < dimension; j++) vectors[c * dimension + j] = sign * column[j];
        }
        var variances = order.Select(i => Math.Max(evd.EigenValues[i].Real, 0)).ToArray();
        var total = Enumerable.Range(0, dimension).Sum(i => Math.Max(evd.EigenValues[i].Real, 0));
        return new PrincipalComponents(mean, vectors, variances, total);
    }

    /// <summary>Scores of <paramref name="rows"/> ([N, D]) on the components: [N, K] row-major.</summary>
    public double[] Transform(ReadOnlySpan<float> rows)
    {
        if (rows.Length % Dimension != 0)
            throw new ArgumentException($"{rows.Length} values are not a whole number of rows of {Dimension}", nameof(rows));
        var n = rows.Length / Dimension;
        var scores = new double[n * Count];
        for (var i = 0; i < n; i++)
        {
            var row = rows.Slice(i * Dimension, Dimension);
            for (var c = 0; c < Count; c++)
            {
                double sum = 0;
                for (var j = 0; j < Dimension; j++) sum += (row[j] - Mean[j]) * Components[c * Dimension + j];
                scores[i * Count + c] = sum;
            }
        }
        return scores;
    }
}
