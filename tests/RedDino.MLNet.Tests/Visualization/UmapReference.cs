using System.Text.Json.Nodes;
using RedDino.Tests.Shared;

namespace RedDino.MLNet.Tests.Visualization;

/// <summary>tests/fixtures/visualization/umap_reference.json, written by tests/fixtures/scripts/make_umap_fixtures.py
/// (scipy curve_fit, numpy smooth k-NN and fuzzy union, scipy eigh, scikit-learn trustworthiness).</summary>
internal static class UmapReference
{
    private static readonly Lazy<JsonNode> Root = new(() =>
        JsonNode.Parse(File.ReadAllText(RepoPaths.Fixture("visualization", "umap_reference.json")))!);

    public static JsonArray Curve => Root.Value["curve"]!.AsArray();

    public static IEnumerable<JsonObject> Graphs => Root.Value["graphs"]!.AsArray().Select(g => g!.AsObject());

    public static JsonObject ComponentLayoutCase => Root.Value["component_layout"]!.AsObject();

    public static JsonObject TrustworthinessCase => Root.Value["trustworthiness"]!.AsObject();

    public static float[] Floats(JsonNode? node) => node!.AsArray().Select(v => (float)v!.GetValue<double>()).ToArray();

    public static double[] Doubles(JsonNode? node) => node!.AsArray().Select(v => v!.GetValue<double>()).ToArray();

    public static int[] Ints(JsonNode? node) => node!.AsArray().Select(v => v!.GetValue<int>()).ToArray();

    /// <summary>|actual - expected| &lt;= atol + rtol |expected| for each value; the message names the first failure.</summary>
    public static void AssertClose(IReadOnlyList<double> expected, IReadOnlyList<double> actual, double atol, double rtol, string what)
    {
        Assert.HasCount(expected.Count, actual, $"{what}: length");
        for (var i = 0; i < expected.Count; i++)
            Assert.IsLessThanOrEqualTo(atol + rtol * Math.Abs(expected[i]), Math.Abs(actual[i] - expected[i]),
                $"{what}[{i}]: {actual[i]} vs reference {expected[i]} (atol {atol}, rtol {rtol})");
    }
}
