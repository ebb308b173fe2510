namespace RedDino.Pretraining.Data;

/// <summary>A source of uniform numbers in [0, 1). The samplers (masks, crops, augmentations) draw
/// only through this, so tests can replay a recorded stream and compare with the Python reference
/// draw for draw.</summary>
public interface IUniformSource
{
    double NextDouble();
}

/// <summary>The Python-style draws the reference code makes, stated on top of a uniform stream:
/// uniform(a, b) = a + (b - a) u; randint(a, b) = a + floor(u (b - a + 1)) (inclusive);
/// shuffle = Fisher-Yates from the last index down with j = floor(u (i + 1)).</summary>
public static class UniformSourceExtensions
{
    public static double Uniform(this IUniformSource r, double a, double b) => a + (b - a) * r.NextDouble();

    public static int RandInt(this IUniformSource r, int a, int b) =>
        a + Math.Min((int)Math.Floor(r.NextDouble() * (b - a + 1)), b - a);

    public static bool Bernoulli(this IUniformSource r, double p) => r.NextDouble() < p;

    /// <summary>A standard normal draw (Box-Muller, two uniforms per draw).</summary>
    public static double Normal(this IUniformSource r, double mean = 0, double std = 1)
    {
        var u1 = 1.0 - r.NextDouble(); // (0, 1]
        var u2 = r.NextDouble();
        return mean + std * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    public static void Shuffle<T>(this IUniformSource r, IList<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = Math.Min((int)Math.Floor(r.NextDouble() * (i + 1)), i);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}

/// <summary>A small, fast, seedable generator (xoshiro256**, seeded through SplitMix64) whose
/// stream depends only on its key. Every sample, batch and epoch gets its own key derived from the
/// run seed, so results never depend on which worker thread ran first, and resuming needs no
/// sampler state beyond the run seed and the iteration.</summary>
public sealed class SampleRandom : IUniformSource
{
    private ulong s0, s1, s2, s3;

    public SampleRandom(ulong key)
    {
        var x = key;
        s0 = SplitMix(ref x);
        s1 = SplitMix(ref x);
        s2 = SplitMix(ref x);
        s3 = SplitMix(ref x);
    }

    /// <summary>A generator keyed by the run seed and any number of indices (purpose, epoch,
    /// iteration, sample, crop...): distinct tuples give independent streams.</summary>
    public static SampleRandom For(long seed, params long[] indices)
    {
        var key = Mix((ulong)seed ^ 0x5EED_0F_DE_D1_0000UL);
        foreach (var index in indices)
            key = Mix(key ^ Mix((ulong)index + 0x9E3779B97F4A7C15UL));
        return new SampleRandom(key);
    }

    public ulong NextUInt64()
    {
        var result = RotateLeft(s1 * 5, 7) * 9;
        var t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = RotateLeft(s3, 45);
        return result;
    }

    /// <summary>53 random bits as a double in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>An integer in [0, n).</summary>
    public int NextInt(int n) => (int)(NextDouble() * n);

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    private static ulong SplitMix(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        return Mix(x);
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
