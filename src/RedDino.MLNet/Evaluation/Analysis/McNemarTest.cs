using System.Numerics;

namespace RedDino.MLNet.Evaluation.Analysis;

/// <summary>McNemar's exact test of two classifiers' predictions of the same rows (McNemar 1947, the
/// exact binomial form): only the rows where exactly one of them is right carry information.</summary>
/// <remarks>
/// n01 = rows a predicts right and b wrong, n10 = rows a predicts wrong and b right, n = n01 + n10;
/// p = min(1, 2 Σ_{i=0}^{min(n01, n10)} C(n, i) / 2ⁿ), the two-sided exact binomial test of n01 against
/// Binomial(n, 1/2); p = 1 when n = 0. The tail is summed exactly in integers (each C(n, i) from the
/// previous one: linear-time big-integer steps, milliseconds for n in the tens of thousands) and divided
/// by 2ⁿ with one rounding, so p is correct to within an ulp or two even far in the tail, where a
/// regularized incomplete beta loses about 1e-11 relative.
/// </remarks>
public static class McNemarTest
{
    /// <summary>Counts the discordant rows and computes the exact p-value.</summary>
    /// <param name="truth">True class index of every row.</param>
    /// <param name="predictedA">Predictions of a (same rows, same order).</param>
    /// <param name="predictedB">Predictions of b.</param>
    public static McNemarResult Compute(IReadOnlyList<int> truth, IReadOnlyList<int> predictedA, IReadOnlyList<int> predictedB)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(predictedA);
        ArgumentNullException.ThrowIfNull(predictedB);
        if (predictedA.Count != truth.Count || predictedB.Count != truth.Count)
            throw new ArgumentException($"{truth.Count} true labels, {predictedA.Count} and {predictedB.Count} predictions");
        int onlyA = 0, onlyB = 0;
        for (var i = 0; i < truth.Count; i++)
        {
            var aRight = predictedA[i] == truth[i];
            var bRight = predictedB[i] == truth[i];
            if (aRight && !bRight) onlyA++;
            else if (bRight && !aRight) onlyB++;
        }
        return new McNemarResult(onlyA, onlyB, PValue(onlyA, onlyB));
    }

    /// <summary>The exact two-sided p-value for discordant counts n01 and n10.</summary>
    public static double PValue(int n01, int n10)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n01);
        ArgumentOutOfRangeException.ThrowIfNegative(n10);
        var n = n01 + n10;
        if (n == 0) return 1;
        var smaller = Math.Min(n01, n10);
        BigInteger coefficient = 1, tail = 1; // C(n, 0)
        for (var i = 1; i <= smaller; i++)
        {
            coefficient = coefficient * (n - i + 1) / i; // C(n, i), exact
            tail += coefficient;
        }
        return Math.Min(1, ScaledByPowerOfTwo(tail, 1 - n));
    }

    // value * 2^exponent as a double: keep the top 62 bits (relative truncation below 2^-61), then scale.
    private static double ScaledByPowerOfTwo(BigInteger value, int exponent)
    {
        var drop = (int)Math.Max(0, value.GetBitLength() - 62);
        return Math.ScaleB((double)(ulong)(value >> drop), exponent + drop);
    }
}
