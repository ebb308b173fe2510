namespace RedDino.MLNet.Evaluation.Analysis;

/// <summary>Harmony's LISI bandwidth search for one row (as in scib-metrics): find the Gaussian-kernel
/// precision beta at which the entropy of the neighbour weights equals log(perplexity).</summary>
/// <remarks>
/// With neighbour distances d (Euclidean, not squared), p_j = exp(-d_j beta), S = Σ p_j and
/// H(beta) = log S + beta Σ d_j p_j / S (H = 0 and p = 0 when S = 0). Start beta = 1, lo = -∞, hi = +∞;
/// up to <see cref="AnalysisDefaults.IlisiMaxIterations"/> times: stop when |H - log P| &lt; tol; if
/// H &gt; log P then lo = beta and beta = 2 beta (hi infinite) or (beta + hi) / 2, else hi = beta and
/// beta = beta / 2 (lo infinite) or (beta + lo) / 2; recompute. All in float64.
/// </remarks>
internal static class LisiBetaSearch
{
    /// <summary>Writes the final weights p_j / S into <paramref name="weights"/> ([k]); returns false when
    /// S = 0 (every weight underflowed: the row has no defined LISI).</summary>
    public static bool Weights(ReadOnlySpan<double> distances, double logPerplexity, Span<double> weights,
        double tolerance = AnalysisDefaults.IlisiTolerance, int maxIterations = AnalysisDefaults.IlisiMaxIterations)
    {
        double beta = 1, lo = double.NegativeInfinity, hi = double.PositiveInfinity;
        var (entropy, sum) = Evaluate(distances, beta, weights);
        for (var iteration = 0; iteration < maxIterations; iteration++)
        {
            var difference = entropy - logPerplexity;
            if (Math.Abs(difference) < tolerance) break;
            if (difference > 0)
            {
                lo = beta;
                beta = double.IsPositiveInfinity(hi) ? beta * 2 : (beta + hi) / 2;
            }
            else
            {
                hi = beta;
                beta = double.IsNegativeInfinity(lo) ? beta / 2 : (beta + lo) / 2;
            }
            (entropy, sum) = Evaluate(distances, beta, weights);
        }
        if (sum == 0) return false;
        for (var j = 0; j < weights.Length; j++) weights[j] /= sum;
        return true;
    }

    // p_j = exp(-d_j beta) into `p`; returns (H, S).
    private static (double Entropy, double Sum) Evaluate(ReadOnlySpan<double> distances, double beta, Span<double> p)
    {
        double sum = 0, weighted = 0;
        for (var j = 0; j < distances.Length; j++)
        {
            p[j] = Math.Exp(-distances[j] * beta);
            sum += p[j];
            weighted += distances[j] * p[j];
        }
        return sum == 0 ? (0, 0) : (Math.Log(sum) + beta * weighted / sum, sum);
    }
}
