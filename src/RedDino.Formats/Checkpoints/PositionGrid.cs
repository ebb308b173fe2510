namespace RedDino.Formats.Checkpoints;

/// <summary>
/// A ViT position embedding [1, 1 + M*M, D] resized to another square grid without LibTorch, as PyTorch's
/// <c>F.interpolate(mode="bicubic", align_corners=False)</c> computes it on the CPU (cubic convolution with
/// a = -0.75, source coordinate scale * (i + 0.5) - 0.5, border indices clamped, float32 arithmetic), the CLS
/// row kept. With an offset &gt; 0 the scale factor is (new + offset) / M, as DINOv2's
/// <c>interpolate_pos_encoding</c> passes it (0.1), and PyTorch then maps output pixels with 1 / scale
/// factor; with offset 0 the size is given and the scale is M / new. RedDino.Backbone resizes with
/// TorchSharp itself (the model is trained through it); the results agree within float32 rounding.
/// </summary>
public static class PositionGrid
{
    private const float A = -0.75f;

    /// <summary>Side M of the square grid behind <paramref name="tokens"/> = 1 + M*M position rows.</summary>
    /// <exception cref="ArgumentException">Not 1 + a square.</exception>
    public static int SourceGrid(long tokens)
    {
        var m = (int)Math.Round(Math.Sqrt(tokens - 1));
        if (tokens < 2 || (long)m * m != tokens - 1)
            throw new ArgumentException($"{tokens} position rows are not 1 + M*M for a square grid");
        return m;
    }

    /// <summary>[1 + M*M, D] row-major -> [1 + grid*grid, D]; the same array when the grid does not change.</summary>
    /// <param name="values">The position embedding, row 0 the CLS position.</param>
    /// <param name="dim">D.</param>
    /// <param name="grid">The new side.</param>
    /// <param name="offset">DINOv2's interpolate offset (0.1), or 0 for the exact size.</param>
    /// <exception cref="ArgumentException">The values are not 1 + M*M rows of D, or the offset gives another size.</exception>
    public static float[] Resize(float[] values, int dim, int grid, double offset)
    {
        if (dim < 1 || values.Length % dim != 0)
            throw new ArgumentException($"{values.Length} values are not rows of {dim}");
        var m = SourceGrid(values.Length / dim);
        if (m == grid)
            return values;
        float scale;
        if (offset > 0)
        {
            var factor = (grid + offset) / m;
            if ((int)Math.Floor(m * factor) != grid)
                throw new ArgumentException($"offset {offset} gives a {(int)Math.Floor(m * factor)}x{(int)Math.Floor(m * factor)} grid, not {grid}x{grid}");
            scale = (float)(1.0 / factor);
        }
        else
            scale = (float)m / grid;

        var (index, weight) = Taps(m, grid, scale);
        var result = new float[(1 + grid * grid) * dim];
        values.AsSpan(0, dim).CopyTo(result);                       // CLS row unchanged
        // Rows y, columns x of the grid, each a D-vector: out[y, x] = sum_i wy_i * (sum_j wx_j * in[iy_i, ix_j]).
        for (var y = 0; y < grid; y++)
            for (var x = 0; x < grid; x++)
            {
                var target = result.AsSpan((1 + y * grid + x) * dim, dim);
                for (var c = 0; c < dim; c++)
                {
                    var output = 0f;
                    for (var i = 0; i < 4; i++)
                    {
                        var row = index[y * 4 + i];
                        var t = 0f;
                        for (var j = 0; j < 4; j++)
                            t += weight[x * 4 + j] * values[(1 + row * m + index[x * 4 + j]) * dim + c];
                        output += t * weight[y * 4 + i];
                    }
                    target[c] = output;
                }
            }
        return result;
    }

    // Per output index: the 4 clamped source indices and their cubic weights (square grid: one table for both axes).
    private static (int[] Index, float[] Weight) Taps(int inputSize, int outputSize, float scale)
    {
        var index = new int[outputSize * 4];
        var weight = new float[outputSize * 4];
        for (var o = 0; o < outputSize; o++)
        {
            var source = scale * (o + 0.5f) - 0.5f;
            var floor = (int)MathF.Floor(source);
            var t = source - floor;
            var x2 = 1f - t;
            weight[o * 4] = Far(t + 1f);
            weight[o * 4 + 1] = Near(t);
            weight[o * 4 + 2] = Near(x2);
            weight[o * 4 + 3] = Far(x2 + 1f);
            for (var j = 0; j < 4; j++)
                index[o * 4 + j] = Math.Clamp(floor - 1 + j, 0, inputSize - 1);
        }
        return (index, weight);
    }

    // Cubic convolution for |x| <= 1 and 1 < |x| < 2 (Keys, a = -0.75), as PyTorch writes them.
    private static float Near(float x) => ((A + 2) * x - (A + 3)) * x * x + 1;

    private static float Far(float x) => ((A * x - 5 * A) * x + 8 * A) * x - 4 * A;
}
