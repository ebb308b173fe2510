using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace RedDino.MLNet.Visualization;

/// <summary>The map's similarity curve 1 / (1 + a d^(2b)) (umap-learn's find_ab_params): a and b are the
/// least-squares fit, from (1, 1), of the curve to the offset exponential that is 1 below min_dist and
/// exp(-(d - min_dist) / spread) above, on 300 evenly spaced d in [0, 3 · spread]. umap-learn fits with
/// scipy's curve_fit (MINPACK Levenberg-Marquardt); this uses MathNet's Levenberg-Marquardt with the exact
/// Jacobian. Defaults (min_dist 0.1, spread 1): a ≈ 1.577, b ≈ 0.895.</summary>
public static class UmapCurve
{
    private const int Samples = 300;

    /// <summary>Fits a and b for <paramref name="spread"/> and <paramref name="minDist"/>.</summary>
    public static (double A, double B) Fit(double spread, double minDist)
    {
        if (!(spread > 0)) throw new ArgumentOutOfRangeException(nameof(spread), spread, "must be positive");
        if (!(minDist >= 0)) throw new ArgumentOutOfRangeException(nameof(minDist), minDist, "must not be negative");
        var x = Vector<double>.Build.Dense(Samples, i => i * (3 * spread) / (Samples - 1)); // np.linspace(0, 3 spread, 300)
        var y = x.Map(d => d < minDist ? 1.0 : Math.Exp(-(d - minDist) / spread));
        var objective = ObjectiveFunction.NonlinearModel(Curve, Jacobian, x, y);
        var solver = new LevenbergMarquardtMinimizer(initialMu: 1e-3, gradientTolerance: 1e-15, stepTolerance: 1e-15,
            functionTolerance: 1e-15, maximumIterations: 1000);
        var result = solver.FindMinimum(objective, Vector<double>.Build.Dense([1.0, 1.0]));
        var p = result.MinimizingPoint;
        if (!double.IsFinite(p[0]) || !double.IsFinite(p[1]))
            throw new ArithmeticException($"the curve fit did not converge for spread {spread}, min_dist {minDist}");
        return (p[0], p[1]);
    }

    /// <summary>1 / (1 + a d^(2b)) for each d.</summary>
    private static Vector<double> Curve(Vector<double> p, Vector<double> x) =>
        x.Map(d => 1.0 / (1.0 + p[0] * Power(d, 2 * p[1])));

    // d/da = -d^(2b) / (1 + a d^(2b))², d/db = -2 a d^(2b) ln d / (1 + a d^(2b))² (both 0 at d = 0 for b > 0).
    private static Matrix<double> Jacobian(Vector<double> p, Vector<double> x)
    {
        var jacobian = Matrix<double>.Build.Dense(x.Count, 2);
        for (var i = 0; i < x.Count; i++)
        {
            if (x[i] == 0) continue;
            var power = Power(x[i], 2 * p[1]);
            var denominator = 1 + p[0] * power;
            denominator *= denominator;
            jacobian[i, 0] = -power / denominator;
            jacobian[i, 1] = -2 * p[0] * power * Math.Log(x[i]) / denominator;
        }
        return jacobian;
    }

    private static double Power(double d, double exponent) => d == 0 ? 0 : Math.Pow(d, exponent);
}
