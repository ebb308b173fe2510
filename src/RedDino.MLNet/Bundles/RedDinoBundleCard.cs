using System.Text.Json.Nodes;

namespace RedDino.MLNet.Bundles;

/// <summary>The "card" of a bundle: how well the head did and where it came from. Both parts are free
/// JSON; <see cref="FromEvaluation"/> fills the metrics from an evaluation of the same classifier.</summary>
/// <param name="Metrics">E.g. {"protocol", "mean": {...}, "std": {...}}; null when unknown.</param>
/// <param name="Provenance">E.g. training data, backbone name, command line; null when unknown.</param>
public sealed record RedDinoBundleCard(JsonObject? Metrics = null, JsonObject? Provenance = null)
{
    /// <summary>A card whose metrics are the mean and std over splits of <paramref name="classifier"/>.</summary>
    public static RedDinoBundleCard FromEvaluation(Evaluation.BackboneEvaluation backbone, string classifier, JsonObject? provenance = null)
    {
        var result = backbone.Classifiers.Single(c => c.Name == classifier);
        JsonObject Summary(Formats.Metrics.SummaryMetrics s) => new()
        {
            ["accuracy"] = s.Accuracy,
            ["balanced_accuracy"] = s.BalancedAccuracy,
            ["weighted_f1"] = s.WeightedF1,
        };
        return new RedDinoBundleCard(new JsonObject
        {
            ["classifier"] = classifier,
            ["protocol"] = backbone.Protocol.Name,
            ["folds"] = backbone.Protocol.Folds,
            ["group_column"] = backbone.Protocol.GroupColumn,
            ["mean"] = Summary(result.Mean),
            ["std"] = Summary(result.StandardDeviation),
        }, provenance);
    }
}
