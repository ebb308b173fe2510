namespace RedDino.Formats.Onnx.Precision;

/// <summary>Numeric precision of an ONNX backbone's weights and compute, recorded in its
/// <c>reddino.precision</c> metadata (docs/formats/onnx-backbone.md). Inputs and outputs are float32 at
/// every precision.</summary>
public enum ModelPrecision
{
    /// <summary>float32 throughout (what `reddino export` writes; a model without the key is fp32).</summary>
    Fp32,

    /// <summary>float16 weights and compute, LayerNorm, Softmax and reductions in float32, Casts at the borders.</summary>
    Fp16,

    /// <summary>MatMul/Gemm weights in symmetric int8 per output channel, activations quantized to uint8 at run time.</summary>
    Int8,
}

/// <summary>The names of <see cref="ModelPrecision"/> as the metadata, the CLI and pipelines spell them.</summary>
public static class ModelPrecisions
{
    /// <summary>Every name, in enum order: "fp32", "fp16", "int8".</summary>
    public static IReadOnlyList<string> Names { get; } = Enum.GetValues<ModelPrecision>().Select(Name).ToArray();

    /// <summary>The name of <paramref name="precision"/> ("fp32", "fp16" or "int8").</summary>
    public static string Name(this ModelPrecision precision) => precision.ToString().ToLowerInvariant();

    /// <summary>Parses a name (exact, lower case).</summary>
    public static bool TryParse(string? text, out ModelPrecision precision)
    {
        foreach (var value in Enum.GetValues<ModelPrecision>())
            if (string.Equals(Name(value), text, StringComparison.Ordinal))
            {
                precision = value;
                return true;
            }
        precision = default;
        return false;
    }

    /// <summary>Parses a name.</summary>
    /// <exception cref="ArgumentException">Not one of <see cref="Names"/> (the message lists them).</exception>
    public static ModelPrecision Parse(string text) => TryParse(text, out var precision) ? precision
        : throw new ArgumentException($"unknown precision '{text}' (use {string.Join(", ", Names)})");
}
