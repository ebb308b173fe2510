using System.Text.Json.Nodes;
using RedDino.Tests.Shared;

namespace RedDino.MLNet.Tests.Evaluation;

/// <summary>Reads tests/fixtures/evaluation/*.json, written by
/// tests/fixtures/scripts/make_evaluation_fixtures.py (scikit-learn 1.2).</summary>
internal static class EvaluationFixtures
{
    public static JsonObject Load(string name) =>
        JsonNode.Parse(File.ReadAllText(RepoPaths.Fixture("evaluation", name)))!.AsObject();

    public static string Path(string name) => RepoPaths.Fixture("evaluation", name);

    /// <summary>Decodes base64 little-endian float32 (the script's f32()).</summary>
    public static float[] Floats(JsonNode? node)
    {
        var bytes = Convert.FromBase64String(node!.GetValue<string>());
        var values = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        return values;
    }

    public static string[] Strings(JsonNode? node) => node!.AsArray().Select(v => v!.GetValue<string>()).ToArray();

    public static int[] Ints(JsonNode? node) => node!.AsArray().Select(v => v!.GetValue<int>()).ToArray();

    /// <summary>|a - b| &lt;= atol + rtol * |b|.</summary>
    public static void AssertClose(double expected, double? actual, double atol, double rtol, string what)
    {
        Assert.IsNotNull(actual, $"{what}: null, expected {expected}");
        Assert.IsLessThanOrEqualTo(atol + rtol * Math.Abs(expected), Math.Abs(actual.Value - expected),
            $"{what}: {actual} vs {expected}");
    }
}
