using System.Text.Json.Nodes;

namespace RedDino.MLNet.Evaluation;

/// <summary>The JSON shapes of metrics.json (contract "metrics.json", schema_version 1).</summary>
internal static class MetricsJson
{
    public static JsonObject Header(EvaluationProtocol protocol, IReadOnlyList<string> classes) => new()
    {
        ["schema_version"] = EvaluationReport.SchemaVersion,
        ["protocol"] = protocol.Name,
        ["folds"] = protocol.Folds,
        ["group_column"] = protocol.GroupColumn,
        ["classes"] = new JsonArray(classes.Select(c => (JsonNode?)c).ToArray()),
        ["backbones"] = new JsonObject(),
    };

    public static JsonObject Backbone(BackboneEvaluation evaluation)
    {
        var classifiers = new JsonObject();
        foreach (var classifier in evaluation.Classifiers)
            classifiers[classifier.Name] = new JsonObject
            {
                ["splits"] = new JsonArray(classifier.Splits.Select(s => (JsonNode?)Split(s)).ToArray()),
                ["mean"] = Summary(classifier.Mean),
                ["std"] = Summary(classifier.StandardDeviation),
            };
        return new JsonObject
        {
            ["model_sha256"] = evaluation.ModelSha256,
            ["embed_dim"] = evaluation.EmbedDim,
            ["classifiers"] = classifiers,
        };
    }

    private static JsonObject Split(SplitEvaluation split)
    {
        var m = split.Metrics;
        return new JsonObject
        {
            ["split"] = split.Split,
            ["test_group"] = split.TestGroup,
            ["n_train"] = split.TrainCount,
            ["n_test"] = split.TestCount,
            ["accuracy"] = m.Accuracy,
            ["balanced_accuracy"] = m.BalancedAccuracy,
            ["weighted_f1"] = m.WeightedF1,
            ["per_class"] = new JsonArray(m.PerClass.Select(c => (JsonNode?)new JsonObject
            {
                ["class"] = c.Class,
                ["precision"] = c.Precision,
                ["recall"] = c.Recall,
                ["f1"] = c.F1,
                ["support"] = c.Support,
            }).ToArray()),
            ["confusion"] = new JsonArray(m.Confusion.Select(row => (JsonNode?)new JsonArray(row.Select(v => (JsonNode?)v).ToArray())).ToArray()),
        };
    }

    private static JsonObject Summary(SummaryMetrics summary) => new()
    {
        ["accuracy"] = summary.Accuracy,
        ["balanced_accuracy"] = summary.BalancedAccuracy,
        ["weighted_f1"] = summary.WeightedF1,
    };
}
