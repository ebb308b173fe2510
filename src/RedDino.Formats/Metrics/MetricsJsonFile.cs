using System.Text.Json;
using System.Text.Json.Nodes;
using RedDino.Formats.IO;

namespace RedDino.Formats.Metrics;

/// <summary>Reads and writes <see cref="MetricsDocument"/> as metrics.json (docs/formats/metrics-json.md).
/// Undefined values are JSON null, never NaN. Reading checks the schema version and names the file and
/// the field of any error.</summary>
public static class MetricsJsonFile
{
    /// <summary>Reads a metrics.json.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">Not a metrics.json of a schema version this library reads.</exception>
    public static MetricsDocument Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"metrics.json not found: {path}", path);
        JsonObject json;
        try
        {
            json = JsonNode.Parse(File.ReadAllText(path))?.AsObject() ?? throw new InvalidDataException($"{path}: empty");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new InvalidDataException($"{path}: not a metrics.json ({e.Message})", e);
        }
        return Parse(json, path);
    }

    /// <summary>The document held by <paramref name="json"/>; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="InvalidDataException">A field is missing or has the wrong type.</exception>
    public static MetricsDocument Parse(JsonObject json, string source)
    {
        var version = json["schema_version"]?.GetValueKind() == JsonValueKind.Number ? json["schema_version"]!.GetValue<int>() : (int?)null;
        if (version != MetricsDocument.SchemaVersion)
            throw new InvalidDataException($"{source}: 'schema_version' is {version?.ToString() ?? "missing"}; this version reads and writes {MetricsDocument.SchemaVersion}");
        var field = "";
        try
        {
            field = "backbones";
            var backbones = new List<BackboneMetrics>();
            foreach (var (name, entry) in json["backbones"]!.AsObject())
            {
                field = $"backbones.{name}";
                var classifiers = new List<ClassifierMetrics>();
                foreach (var (classifier, value) in entry!["classifiers"]!.AsObject())
                {
                    field = $"backbones.{name}.classifiers.{classifier}";
                    classifiers.Add(new ClassifierMetrics(classifier, value!["splits"]!.AsArray().Select(x => ParseSplit(x!.AsObject())).ToList(),
                        ParseSummary(value["mean"]), ParseSummary(value["std"])));
                }
                field = $"backbones.{name}";
                backbones.Add(new BackboneMetrics(name, entry["model_sha256"]?.GetValue<string>() ?? "", entry["embed_dim"]?.GetValue<int>() ?? 0, classifiers));
            }
            field = "classes";
            var classes = json["classes"]!.AsArray().Select(c => c!.GetValue<string>()).ToList();
            field = "protocol";
            return new MetricsDocument(json["protocol"]!.GetValue<string>(), json["folds"]?.GetValue<int>(), json["group_column"]?.GetValue<string>(),
                classes, backbones);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or NullReferenceException or KeyNotFoundException)
        {
            throw new InvalidDataException($"{source}: '{field}' is missing or malformed ({e.Message})", e);
        }
    }

    /// <summary>The JSON of <paramref name="document"/>, in the schema's key order.</summary>
    public static JsonObject ToJson(MetricsDocument document)
    {
        var backbones = new JsonObject();
        foreach (var backbone in document.Backbones)
            backbones[backbone.Name] = Backbone(backbone);
        return new JsonObject
        {
            ["schema_version"] = MetricsDocument.SchemaVersion,
            ["protocol"] = document.Protocol,
            ["folds"] = document.Folds,
            ["group_column"] = document.GroupColumn,
            ["classes"] = new JsonArray(document.Classes.Select(c => (JsonNode?)c).ToArray()),
            ["backbones"] = backbones,
        };
    }

    /// <summary>Writes <paramref name="document"/> to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, MetricsDocument document) => JsonText.Write(path, ToJson(document));

    private static JsonObject Backbone(BackboneMetrics backbone)
    {
        var classifiers = new JsonObject();
        foreach (var classifier in backbone.Classifiers)
            classifiers[classifier.Name] = new JsonObject
            {
                ["splits"] = new JsonArray(classifier.Splits.Select(s => (JsonNode?)Split(s)).ToArray()),
                ["mean"] = Summary(classifier.Mean),
                ["std"] = Summary(classifier.StandardDeviation),
            };
        return new JsonObject
        {
            ["model_sha256"] = backbone.ModelSha256,
            ["embed_dim"] = backbone.EmbedDim,
            ["classifiers"] = classifiers,
        };
    }

    private static JsonObject Split(SplitMetrics split)
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

    private static SplitMetrics ParseSplit(JsonObject s)
    {
        var perClass = s["per_class"]?.AsArray().Select(p => new ClassMetrics(p!["class"]!.GetValue<string>(), Number(p["precision"]),
            Number(p["recall"]), Number(p["f1"]), p["support"]?.GetValue<int>() ?? 0)).ToList() ?? [];
        var confusion = s["confusion"]?.AsArray().Select(row => (IReadOnlyList<int>)row!.AsArray().Select(v => v!.GetValue<int>()).ToArray()).ToList() ?? [];
        var metrics = ClassificationMetrics.FromValues(Number(s["accuracy"]), Number(s["balanced_accuracy"]), Number(s["weighted_f1"]), perClass, confusion);
        return new SplitMetrics(s["split"]!.GetValue<int>(), s["test_group"]?.GetValue<string>(),
            s["n_train"]?.GetValue<int>() ?? 0, s["n_test"]?.GetValue<int>() ?? 0, metrics);
    }

    private static SummaryMetrics ParseSummary(JsonNode? node) => node is JsonObject json
        ? new SummaryMetrics(Number(json["accuracy"]), Number(json["balanced_accuracy"]), Number(json["weighted_f1"]))
        : new SummaryMetrics(null, null, null);

    private static double? Number(JsonNode? node) => node is null ? null : node.GetValue<double>();
}
