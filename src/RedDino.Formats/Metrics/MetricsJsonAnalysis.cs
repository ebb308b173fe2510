using System.Text.Json.Nodes;

namespace RedDino.Formats.Metrics;

/// <summary>The members schema 2 of metrics.json adds (docs/formats/metrics-json.md): per classifier
/// <c>pooled</c> and <c>ci95</c>, per backbone <c>batch_effects</c>, and the top-level <c>comparisons</c>.
/// Written as null (an empty list for comparisons) where not analysed; absent in schema 1 files, read as null.</summary>
internal static class MetricsJsonAnalysis
{
    public static JsonNode? Pooled(SummaryMetrics? pooled) => pooled is null ? null : Summary(pooled);

    public static JsonNode? Intervals(MetricIntervals? intervals) => intervals is null ? null : new JsonObject
    {
        ["accuracy"] = Interval(intervals.Accuracy),
        ["balanced_accuracy"] = Interval(intervals.BalancedAccuracy),
        ["weighted_f1"] = Interval(intervals.WeightedF1),
    };

    public static JsonNode? BatchEffects(BatchEffects? effects) => effects is null ? null : new JsonObject
    {
        ["batch_column"] = effects.BatchColumn,
        ["batches"] = effects.Batches,
        ["source_probe"] = new JsonObject
        {
            ["balanced_accuracy"] = effects.SourceProbe.BalancedAccuracy,
            ["chance"] = effects.SourceProbe.Chance,
        },
        ["batch_asw"] = effects.BatchAsw,
        ["ilisi"] = effects.Ilisi,
        ["graph_connectivity"] = effects.GraphConnectivity,
        ["robustness_index"] = effects.RobustnessIndex,
    };

    public static JsonArray Comparisons(IEnumerable<BackboneComparison> comparisons) => new(comparisons.Select(c => (JsonNode?)new JsonObject
    {
        ["classifier"] = c.Classifier,
        ["a"] = c.A,
        ["b"] = c.B,
        ["n01"] = c.McNemar.N01,
        ["n10"] = c.McNemar.N10,
        ["mcnemar_p"] = c.McNemar.P,
        ["accuracy"] = Difference(c.Accuracy),
        ["balanced_accuracy"] = Difference(c.BalancedAccuracy),
        ["weighted_f1"] = Difference(c.WeightedF1),
    }).ToArray());

    public static SummaryMetrics? ParseSummary(JsonNode? node) => node is JsonObject json
        ? new SummaryMetrics(Number(json["accuracy"]), Number(json["balanced_accuracy"]), Number(json["weighted_f1"]))
        : null;

    public static MetricIntervals? ParseIntervals(JsonNode? node) => node is JsonObject json
        ? new MetricIntervals(ParseInterval(json["accuracy"]), ParseInterval(json["balanced_accuracy"]), ParseInterval(json["weighted_f1"]))
        : null;

    public static BatchEffects? ParseBatchEffects(JsonNode? node)
    {
        if (node is not JsonObject json) return null;
        var probe = json["source_probe"] as JsonObject;
        return new BatchEffects(json["batch_column"]!.GetValue<string>(), json["batches"]!.GetValue<int>(),
            new SourceProbeResult(Number(probe?["balanced_accuracy"]), Number(probe?["chance"]), null),
            Number(json["batch_asw"]), Number(json["ilisi"]), Number(json["graph_connectivity"]), Number(json["robustness_index"]));
    }

    public static BackboneComparison ParseComparison(JsonObject json) => new(
        json["classifier"]!.GetValue<string>(), json["a"]!.GetValue<string>(), json["b"]!.GetValue<string>(),
        new McNemarResult(json["n01"]!.GetValue<int>(), json["n10"]!.GetValue<int>(), json["mcnemar_p"]!.GetValue<double>()),
        ParseDifference(json["accuracy"]), ParseDifference(json["balanced_accuracy"]), ParseDifference(json["weighted_f1"]));

    public static JsonObject Summary(SummaryMetrics summary) => new()
    {
        ["accuracy"] = summary.Accuracy,
        ["balanced_accuracy"] = summary.BalancedAccuracy,
        ["weighted_f1"] = summary.WeightedF1,
    };

    public static double? Number(JsonNode? node) => node is null ? null : node.GetValue<double>();

    private static JsonNode? Interval(ConfidenceInterval? interval) => interval is null ? null : new JsonArray(interval.Lower, interval.Upper);

    private static ConfidenceInterval? ParseInterval(JsonNode? node)
    {
        if (node is null) return null;
        var bounds = node.AsArray();
        if (bounds.Count != 2) throw new FormatException($"an interval is [lo, hi], found {bounds.Count} values");
        return new ConfidenceInterval(bounds[0]!.GetValue<double>(), bounds[1]!.GetValue<double>());
    }

    private static JsonObject Difference(PairedDifference difference) => new()
    {
        ["mean_difference"] = difference.MeanDifference,
        ["t"] = difference.T,
        ["p"] = difference.P,
    };

    private static PairedDifference ParseDifference(JsonNode? node) => node is JsonObject json
        ? new PairedDifference(Number(json["mean_difference"]), Number(json["t"]), Number(json["p"]))
        : new PairedDifference(null, null, null);
}
