using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RedDino.Pretraining.Config;

/// <summary>
/// What a setting of <see cref="PretrainConfig"/> accepts, in plain words ("a whole number", "one of:
/// centering, sinkhorn_knopp"), found from the typed configuration by the setting's dotted key; and the
/// check that every number of a configuration is finite (JSON has no NaN, but 1e400 reads as infinity).
/// </summary>
internal static class SettingValues
{
    /// <summary>"a whole number", "a number", "true or false", "one of: a, b", ... for a dotted key, or null
    /// when the key is not a setting of the typed configuration.</summary>
    public static string? Describe(string key)
    {
        var type = typeof(PretrainConfig);
        foreach (var part in key.Split('.'))
        {
            var property = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .FirstOrDefault(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name) == part);
            if (property is null) return null;
            type = property.PropertyType;
        }
        return DescribeType(type);
    }

    private static string DescribeType(Type type) => type switch
    {
        _ when type == typeof(int) || type == typeof(long) => "a whole number",
        _ when type == typeof(double) || type == typeof(float) => "a number",
        _ when type == typeof(bool) => "true or false",
        _ when type == typeof(string) => "text",
        { IsEnum: true } => "one of: " + string.Join(", ", Enum.GetNames(type).Select(JsonNamingPolicy.SnakeCaseLower.ConvertName)),
        { IsArray: true } => $"a list of {Plural(type.GetElementType()!)} in brackets, e.g. {Example(type.GetElementType()!)}",
        _ => "a group of settings",
    };

    private static string Plural(Type element) =>
        element == typeof(string) ? "texts" : element == typeof(int) || element == typeof(long) ? "whole numbers" : "numbers";

    private static string Example(Type element) => element == typeof(string) ? "[\"a\", \"b\"]" : "[0.1, 0.5]";

    /// <summary>The first number that is not finite (too large for a double), as (dotted key, text).</summary>
    public static (string Key, string Text)? FirstNonFinite(JsonNode? node, string prefix = "")
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj)
                    if (FirstNonFinite(value, prefix.Length == 0 ? name : $"{prefix}.{name}") is { } found) return found;
                return null;
            case JsonArray array:
                foreach (var item in array)
                    if (FirstNonFinite(item, prefix) is { } found) return found;
                return null;
            case JsonValue value when value.GetValueKind() == JsonValueKind.Number:
                var text = value.ToJsonString();
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? null : (prefix, text);
            default:
                return null;
        }
    }
}
