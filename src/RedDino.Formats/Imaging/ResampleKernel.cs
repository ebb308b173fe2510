using System.Collections.Concurrent;

namespace RedDino.Formats.Imaging;

/// <summary>The fixed-point bilinear weights of one axis of a Pillow-style resize (inSize -> outSize).
/// Output pixel i reads input pixels First[i] .. First[i] + Count[i] - 1 with the integer weights
/// Weights[i * MaxTaps ..], which sum to about 2^<see cref="PrecisionBits"/>.</summary>
/// <remarks>
/// Follows Pillow 9.4's Resample.c as a specification (learned from, not copied):
/// scale = in / out; when shrinking the triangle filter is widened by the scale (antialiasing), so the
/// support is 1 * max(scale, 1); output pixel i is centred at (i + 0.5) * scale; taps cover
/// [trunc(centre - support + 0.5), trunc(centre + support + 0.5)) clipped to the image; each weight
/// is tri((x - centre + 0.5) / max(scale, 1)); weights are normalised to sum 1 in double precision and
/// then rounded half away from zero to integers scaled by 2^22.
/// </remarks>
internal sealed class ResampleKernel
{
    /// <summary>Pillow's PRECISION_BITS for 8-bit images: 32 - 8 - 2.</summary>
    public const int PrecisionBits = 22;

    private static readonly ConcurrentDictionary<(int In, int Out), ResampleKernel> Cache = new();

    private ResampleKernel(int outSize, int maxTaps)
    {
        First = new int[outSize];
        Count = new int[outSize];
        MaxTaps = maxTaps;
        Weights = new int[outSize * maxTaps];
    }

    /// <summary>First input index read by each output pixel.</summary>
    public int[] First { get; }

    /// <summary>Number of input pixels read by each output pixel.</summary>
    public int[] Count { get; }

    /// <summary>Row length of <see cref="Weights"/> (Pillow's ksize).</summary>
    public int MaxTaps { get; }

    /// <summary>Fixed-point weights, [outSize, MaxTaps], zero past Count.</summary>
    public int[] Weights { get; }

    /// <summary>The kernel for resizing an axis of <paramref name="inSize"/> pixels to <paramref name="outSize"/>
    /// (cached: RBC crops repeat a handful of sizes).</summary>
    public static ResampleKernel For(int inSize, int outSize) => Cache.GetOrAdd((inSize, outSize), key => Build(key.In, key.Out));

    private static double Triangle(double x)
    {
        x = Math.Abs(x);
        return x < 1.0 ? 1.0 - x : 0.0;
    }

    private static ResampleKernel Build(int inSize, int outSize)
    {
        const double filterSupport = 1.0; // bilinear
        var scale = (double)inSize / outSize;
        var filterScale = Math.Max(scale, 1.0);
        var support = filterSupport * filterScale;
        var maxTaps = (int)Math.Ceiling(support) * 2 + 1;
        var kernel = new ResampleKernel(outSize, maxTaps);
        var weights = new double[maxTaps];
        var inverseFilterScale = 1.0 / filterScale;

        for (var i = 0; i < outSize; i++)
        {
            var centre = (i + 0.5) * scale;
            // (int) truncates toward zero, as the C cast does; negative starts are clipped to 0 anyway.
            var first = Math.Max((int)(centre - support + 0.5), 0);
            var end = Math.Min((int)(centre + support + 0.5), inSize);
            var count = end - first;
            var sum = 0.0;
            for (var k = 0; k < count; k++)
            {
                weights[k] = Triangle((k + first - centre + 0.5) * inverseFilterScale);
                sum += weights[k];
            }
            var row = kernel.Weights.AsSpan(i * maxTaps, maxTaps);
            for (var k = 0; k < count; k++)
            {
                var w = sum != 0.0 ? weights[k] / sum : weights[k];
                // Round half away from zero: (int)(w * 2^22 +/- 0.5).
                row[k] = w < 0 ? (int)(-0.5 + w * (1 << PrecisionBits)) : (int)(0.5 + w * (1 << PrecisionBits));
            }
            kernel.First[i] = first;
            kernel.Count[i] = count;
        }
        return kernel;
    }
}
