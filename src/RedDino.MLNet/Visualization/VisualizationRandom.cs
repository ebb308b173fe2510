namespace RedDino.MLNet.Visualization;

/// <summary>SplitMix64 (Steele, Lea and Flood 2014): a small, fast generator whose output depends only on
/// the seed, on every runtime and machine (System.Random makes no such promise across .NET versions).
/// One instance per random stream; not thread-safe.</summary>
internal sealed class VisualizationRandom
{
    private ulong _state;

    /// <summary>Stream <paramref name="stream"/> of seed <paramref name="seed"/>: distinct streams of one
    /// seed are independent, so adding draws to one stage never shifts another.</summary>
    public VisualizationRandom(long seed, ulong stream = 0)
    {
        _state = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL ^ Mix(stream + 0x632BE59BD9B4E019UL));
    }

    public ulong NextUInt64()
    {
        var z = unchecked(_state += 0x9E3779B97F4A7C15UL);
        return Mix(z);
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [low, high).</summary>
    public double NextUniform(double low, double high) => low + (high - low) * NextDouble();

    /// <summary>Uniform integer in [0, n) (Lemire's multiply-shift; the bias is below 2⁻³² for n &lt; 2³¹).</summary>
    public int NextInt(int n) => (int)(((NextUInt64() >> 32) * (ulong)n) >> 32);

    /// <summary>Normal(0, scale²) by Box-Muller (one draw per call; the second value is discarded for simplicity).</summary>
    public double NextNormal(double scale = 1)
    {
        var u1 = 1.0 - NextDouble(); // (0, 1]: log is finite
        var u2 = NextDouble();
        return scale * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private static ulong Mix(ulong z)
    {
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }
}
