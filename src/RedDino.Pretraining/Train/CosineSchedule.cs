namespace RedDino.Pretraining.Train;

/// <summary>DINOv2's per-iteration schedule (utils/utils.py CosineScheduler): `freeze` zeros, then
/// a linear warmup from `startWarmup` to `base` over `warmup` values (numpy.linspace, end
/// included), then final + 0.5 (base - final) (1 + cos(pi i / n)) for i = 0..n-1 over the rest.
/// Past the end the final value holds.</summary>
public sealed class CosineSchedule
{
    private readonly double[] values;

    public CosineSchedule(double baseValue, double finalValue, int totalIterations, int warmupIterations = 0,
        double startWarmupValue = 0, int freezeIterations = 0)
    {
        if (warmupIterations + freezeIterations > totalIterations)
            throw new ArgumentException($"warmup ({warmupIterations}) + freeze ({freezeIterations}) exceed the {totalIterations} iterations");
        FinalValue = finalValue;
        values = new double[totalIterations];
        var step = warmupIterations > 1 ? (baseValue - startWarmupValue) / (warmupIterations - 1) : 0;
        for (var i = 0; i < warmupIterations; i++)
            values[freezeIterations + i] = i == warmupIterations - 1 ? baseValue : startWarmupValue + i * step;
        var n = totalIterations - warmupIterations - freezeIterations;
        for (var i = 0; i < n; i++)
            values[freezeIterations + warmupIterations + i] =
                finalValue + 0.5 * (baseValue - finalValue) * (1 + Math.Cos(Math.PI * i / n));
    }

    public double FinalValue { get; }
    public int Length => values.Length;

    public double this[long iteration] => iteration < values.Length ? values[iteration] : FinalValue;

    /// <summary>Sets the first <paramref name="count"/> values to <paramref name="value"/> (used to
    /// freeze the last layer: its learning rate is 0 for the first epochs).</summary>
    public CosineSchedule Override(int count, double value)
    {
        for (var i = 0; i < Math.Min(count, values.Length); i++)
            values[i] = value;
        return this;
    }

    public double[] ToArray() => (double[])values.Clone();
}
