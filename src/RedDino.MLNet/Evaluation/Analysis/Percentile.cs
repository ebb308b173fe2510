namespace RedDino.MLNet.Evaluation.Analysis;

/// <summary>Percentiles with numpy's default "linear" method: for q in [0, 100] over n sorted values,
/// position h = (n - 1) q / 100 and the value v[floor h] + (h - floor h) (v[floor h + 1] - v[floor h]).</summary>
public static class Percentile
{
    /// <summary>The q-th percentile of <paramref name="values"/> (any order; not modified).</summary>
    /// <exception cref="ArgumentException">No values, or q outside [0, 100].</exception>
    public static double Of(IReadOnlyList<double> values, double q)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0) throw new ArgumentException("no values", nameof(values));
        if (!(q >= 0 && q <= 100)) throw new ArgumentOutOfRangeException(nameof(q), q, "must be in [0, 100]");
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return OfSorted(sorted, q);
    }

    /// <summary>The median (numpy's <c>median</c>: the mean of the two middle values for an even count).</summary>
    /// <exception cref="ArgumentException">No values.</exception>
    public static double Median(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0) throw new ArgumentException("no values", nameof(values));
        var sorted = values.ToArray();
        Array.Sort(sorted);
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>The q-th percentile of values already in ascending order.</summary>
    internal static double OfSorted(ReadOnlySpan<double> sorted, double q)
    {
        var position = (sorted.Length - 1) * (q / 100);
        var below = (int)Math.Floor(position);
        if (below >= sorted.Length - 1) return sorted[^1];
        var fraction = position - below;
        // numpy's _lerp: a + (b - a) t, switched to b - (b - a)(1 - t) for t >= 0.5 (same result to the last bit).
        var difference = sorted[below + 1] - sorted[below];
        return fraction >= 0.5 ? sorted[below + 1] - difference * (1 - fraction) : sorted[below] + difference * fraction;
    }
}
