using System.Globalization;

namespace RedDino.Formats.Text;

/// <summary>The one way numbers are read from text (embeddings CSV, manifest crop values, ONNX metadata,
/// <c>--set</c> values): invariant culture, and every common spelling of a non-finite value recognised
/// as such, whatever its case: <c>nan</c>, <c>inf</c>, <c>infinity</c> with an optional sign (what numpy,
/// PyTorch and Python write), as well as .NET's <c>NaN</c>/<c>Infinity</c>. A value too large for the
/// type (<c>1e999</c>) is infinite. Where a finite number is required, all of these are errors.</summary>
public static class NumberText
{
    /// <summary>Reads a float64; true also for non-finite spellings.</summary>
    public static bool TryParseDouble(string? text, out double value)
    {
        if (NonFinite(text) is { } special)
        {
            value = special;
            return true;
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Reads a float32 (rounded once, from the text); true also for non-finite spellings.</summary>
    public static bool TryParseSingle(string? text, out float value)
    {
        if (NonFinite(text) is { } special)
        {
            value = (float)special;
            return true;
        }
        return float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Reads an integer (an optional sign and digits, nothing else).</summary>
    public static bool TryParseInt(string? text, out int value) =>
        int.TryParse(text?.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    /// <summary>Reads a float64 that must be finite.</summary>
    /// <exception cref="InvalidDataException">Not a number, or not finite; the message starts with <paramref name="context"/>.</exception>
    public static double ParseFiniteDouble(string? text, string context) =>
        TryParseDouble(text, out var value) && double.IsFinite(value) ? value : throw Error(text, context, value);

    /// <summary>Reads a float32 that must be finite.</summary>
    /// <exception cref="InvalidDataException">Not a number, or not finite (also when it overflows float32).</exception>
    public static float ParseFiniteSingle(string? text, string context) =>
        TryParseSingle(text, out var value) && float.IsFinite(value) ? value : throw Error(text, context, value);

    /// <summary>"'x' is not a number" or "'inf' is not a finite number", after <paramref name="context"/>.</summary>
    public static InvalidDataException Error(string? text, string context, double parsed = 0) =>
        new($"{context}: '{text}' is not a {(TryParseDouble(text, out _) || double.IsInfinity(parsed) ? "finite number" : "number")}");

    private static double? NonFinite(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "nan" or "+nan" or "-nan" => double.NaN,
        "inf" or "+inf" or "infinity" or "+infinity" => double.PositiveInfinity,
        "-inf" or "-infinity" => double.NegativeInfinity,
        _ => null,
    };
}
