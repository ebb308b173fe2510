using System.Text.Json.Nodes;
using RedDino.MLNet.Classifiers;
using RedDino.Tests.Shared;

namespace RedDino.MLNet.Tests.Evaluation.Analysis;

/// <summary>Reads tests/fixtures/analysis/*.json, written by tests/fixtures/scripts/make_analysis_fixtures.py
/// (numpy, scikit-learn 1.2, scipy; an independent implementation of the definitions).</summary>
internal static class AnalysisFixtures
{
    private static readonly Dictionary<string, JsonObject> Cache = [];

    public static JsonObject Load(string name)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(name, out var json))
                Cache[name] = json = JsonNode.Parse(File.ReadAllText(RepoPaths.Fixture("analysis", name)))!.AsObject();
            return json;
        }
    }

    public static double? NullableDouble(JsonNode? node) => node?.GetValue<double>();

    /// <summary>A batch-metric case of cases.json: embeddings, labels, batches and the expected values.</summary>
    public static BatchCase BatchCase(string name)
    {
        var node = Load("cases.json")["batch_cases"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == name)!;
        return new BatchCase(name, EvaluationFixtures.Floats(node["embeddings"]), node["dim"]!.GetValue<int>(),
            EvaluationFixtures.Strings(node["labels"]), EvaluationFixtures.Strings(node["batches"]), node["neighbors"], node["expected"]);
    }

    /// <summary>|a - b| &lt;= atol, or both null.</summary>
    public static void AssertCloseOrNull(double? expected, double? actual, double atol, string what)
    {
        if (expected is null)
        {
            Assert.IsNull(actual, $"{what}: expected null, got {actual}");
            return;
        }
        EvaluationFixtures.AssertClose(expected.Value, actual, atol, 0, what);
    }
}

internal sealed record BatchCase(string Name, float[] Embeddings, int Dimension, string[] Labels, string[] Batches, JsonNode? Neighbors, JsonNode? Expected)
{
    public int Count => Labels.Length;

    public int[] ClassOf => Codes(Labels);

    public int[] BatchOf => Codes(Batches);

    public int BatchCount => Batches.Distinct().Count();

    public NeighborSearchResult FindNeighbors(int k) => RedDino.MLNet.Evaluation.Analysis.WithinSetNeighbors.Find(Embeddings, Dimension, k);

    private static int[] Codes(string[] values)
    {
        var order = values.Distinct().Order(StringComparer.Ordinal).ToList();
        return values.Select(v => order.IndexOf(v)).ToArray();
    }
}
