using MathNet.Numerics.LinearAlgebra;

namespace RedDino.MLNet.Visualization;

/// <summary>The largest (algebraic) eigenpairs of a large sparse symmetric operator: thick-restart Lanczos
/// (Wu and Simon 2000) with full re-orthogonalisation. Each cycle grows an orthonormal Krylov basis V to
/// <c>basisSize</c> vectors, takes the Ritz pairs of H = Vᵀ A V (a small dense eigenproblem, MathNet), and
/// stops when every wanted pair has ‖A x - θ x‖ ≤ tolerance; otherwise it restarts from the better half of the
/// Ritz vectors plus the last Lanczos vector, which keeps the Krylov property. Every reduction runs in a fixed
/// order, so results do not depend on the number of threads.</summary>
internal static class LanczosEigensolver
{
    /// <summary>Eigenvalues (descending) and unit eigenvectors of the <paramref name="count"/> largest eigenpairs of the
    /// n x n operator <paramref name="multiply"/> (y = A x, A symmetric), starting the Krylov space from
    /// <paramref name="start"/> (umap-learn gives ARPACK a vector of ones); the seed only matters when the space
    /// becomes invariant and a fresh random direction is needed.</summary>
    public static (double[] Values, double[][] Vectors, bool Converged) Largest(int n, Action<double[], double[]> multiply, int count,
        double[] start, int basisSize, double tolerance, int maxCycles, long seed)
    {
        var m = Math.Min(n, Math.Max(basisSize, count + 2));
        var random = new VisualizationRandom(seed, stream: 0x1A2C05);
        var basis = new List<double[]>(m);
        var images = new List<double[]>(m);                       // A v for every v in the basis
        double[]? pending = Normalized((double[])start.Clone()) ?? RandomDirection(n, basis, random);
        for (var cycle = 0; ; cycle++)
        {
            while (basis.Count < m && pending is not null)
            {
                basis.Add(pending);
                var image = new double[n];
                multiply(pending, image);
                images.Add(image);
                pending = basis.Count == n ? null : NextDirection(image, basis, random);
            }
            var (values, ritz) = RayleighRitz(basis, images);
            // The wanted pairs: the largest Ritz values.
            var wanted = Enumerable.Range(0, values.Length).OrderByDescending(i => values[i]).ThenBy(i => i).ToArray();
            var vectors = new double[count][];
            var converged = true;
            for (var w = 0; w < count; w++)
            {
                var (x, ax) = (Combine(basis, ritz, wanted[w]), Combine(images, ritz, wanted[w]));
                double residual = 0;
                for (var i = 0; i < n; i++) residual += (ax[i] - values[wanted[w]] * x[i]) * (ax[i] - values[wanted[w]] * x[i]);
                converged &= Math.Sqrt(residual) <= tolerance;
                vectors[w] = x;
            }
            if (converged || pending is null || cycle >= maxCycles)
                return (wanted.Take(count).Select(i => values[i]).ToArray(), vectors, converged || pending is null);

            // Thick restart: keep the best half of the Ritz vectors (and their images, no new products).
            var keep = Math.Min(m - 1, count + (m - count) / 2);
            var keptBasis = new List<double[]>(m);
            var keptImages = new List<double[]>(m);
            for (var w = 0; w < keep; w++)
            {
                keptBasis.Add(w < count ? vectors[w] : Combine(basis, ritz, wanted[w]));
                keptImages.Add(Combine(images, ritz, wanted[w]));
            }
            (basis, images) = (keptBasis, keptImages);
        }
    }

    // H = Vᵀ (A V), symmetrised; its eigenpairs (values ascending as MathNet returns them for symmetric input).
    private static (double[] Values, Matrix<double> Vectors) RayleighRitz(List<double[]> basis, List<double[]> images)
    {
        var k = basis.Count;
        var h = Matrix<double>.Build.Dense(k, k);
        Parallel.For(0, k, i =>
        {
            for (var j = i; j < k; j++)
            {
                var value = 0.5 * (Dot(basis[i], images[j]) + Dot(basis[j], images[i]));
                h[i, j] = value;
                h[j, i] = value;
            }
        });
        var evd = h.Evd(Symmetricity.Symmetric);
        return (evd.EigenValues.Select(v => v.Real).ToArray(), evd.EigenVectors);
    }

    private static double[] Combine(List<double[]> vectors, Matrix<double> coefficients, int column)
    {
        var n = vectors[0].Length;
        var result = new double[n];
        for (var j = 0; j < vectors.Count; j++)
        {
            var c = coefficients[j, column];
            var v = vectors[j];
            for (var i = 0; i < n; i++) result[i] += c * v[i];
        }
        return result;
    }

    // The next Krylov direction: A v orthogonalised against the basis (classical Gram-Schmidt, twice).
    private static double[]? NextDirection(double[] image, List<double[]> basis, VisualizationRandom random)
    {
        var r = (double[])image.Clone();
        var scale = Math.Sqrt(Dot(r, r));
        Orthogonalize(r, basis);
        Orthogonalize(r, basis);
        var norm = Math.Sqrt(Dot(r, r));
        if (norm > 1e-10 * Math.Max(scale, 1e-300)) return Scale(r, 1 / norm);
        return RandomDirection(r.Length, basis, random); // an invariant subspace was found: continue elsewhere
    }

    private static double[]? RandomDirection(int n, List<double[]> basis, VisualizationRandom random)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var r = new double[n];
            for (var i = 0; i < n; i++) r[i] = random.NextNormal();
            Orthogonalize(r, basis);
            Orthogonalize(r, basis);
            if (Normalized(r) is { } unit) return unit;
        }
        return null;
    }

    private static void Orthogonalize(double[] r, List<double[]> basis)
    {
        if (basis.Count == 0) return;
        var coefficients = new double[basis.Count];
        Parallel.For(0, basis.Count, j => coefficients[j] = Dot(basis[j], r));
        const int chunk = 4096;
        Parallel.For(0, (r.Length + chunk - 1) / chunk, c =>
        {
            var end = Math.Min(r.Length, (c + 1) * chunk);
            for (var j = 0; j < basis.Count; j++)
            {
                var v = basis[j];
                var cj = coefficients[j];
                for (var i = c * chunk; i < end; i++) r[i] -= cj * v[i];
            }
        });
    }

    private static double[]? Normalized(double[] v)
    {
        var norm = Math.Sqrt(Dot(v, v));
        return norm > 0 && double.IsFinite(norm) ? Scale(v, 1 / norm) : null;
    }

    private static double[] Scale(double[] v, double factor)
    {
        for (var i = 0; i < v.Length; i++) v[i] *= factor;
        return v;
    }

    /// <summary>x · y with four partial sums in a fixed order (deterministic on every machine).</summary>
    internal static double Dot(double[] x, double[] y)
    {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        var i = 0;
        for (; i + 3 < x.Length; i += 4)
        {
            s0 += x[i] * y[i];
            s1 += x[i + 1] * y[i + 1];
            s2 += x[i + 2] * y[i + 2];
            s3 += x[i + 3] * y[i + 3];
        }
        for (; i < x.Length; i++) s0 += x[i] * y[i];
        return (s0 + s1) + (s2 + s3);
    }
}
