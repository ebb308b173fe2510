using System.Text.Json.Nodes;

namespace RedDino.Cli.Reports;

/// <summary>metrics.json as the report reads it (contract: "metrics.json", schema_version 1).
/// Backbones and classifiers keep the file's order (the table's row and column order).</summary>
internal sealed record MetricsDocument(
    string Protocol, int? Folds, string? GroupColumn, IReadOnlyList<string> Classes, IReadOnlyList<BackboneMetrics> Backbones)
{
    public const int SupportedSchemaVersion = 1;

    /// <summary>Classifier names over all backbones, in first-seen order.</summary>
    public IReadOnlyList<string> ClassifierNames => Backbones.SelectMany(b => b.Classifiers.Select(c => c.Name)).Distinct().ToList();

    public static MetricsDocument Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"metrics.json not found: {path}", path);
        try { return Parse(JsonNode.Parse(File.ReadAllText(path))!.AsObject(), path); }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or FormatException or NullReferenceException)
        {
            throw new InvalidDataException($"{path}: not a metrics.json of schema_version {SupportedSchemaVersion} ({e.Message})", e);
        }
    }

    public static MetricsDocument Parse(JsonObject json, string path)
    {
        var version = json["schema_version"]?.GetValue<int>() ?? throw new InvalidDataException($"{path}: missing 'schema_version'");
        if (version != SupportedSchemaVersion)
            throw new InvalidDataException($"{path}: schema_version {version} is not supported (this version reads {SupportedSchemaVersion})");
        var backbones = json["backbones"]!.AsObject().Select(b => new BackboneMetrics(
            b.Key, b.Value!["model_sha256"]?.GetValue<string>() ?? "", b.Value["embed_dim"]?.GetValue<int>() ?? 0,
            b.Value["classifiers"]!.AsObject().Select(c => ParseClassifier(c.Key, c.Value!.AsObject())).ToList())).ToList();
        return new MetricsDocument(
            json["protocol"]!.GetValue<string>(), json["folds"]?.GetValue<int>(), json["group_column"]?.GetValue<string>(),
            json["classes"]!.AsArray().Select(c => c!.GetValue<string>()).ToList(), backbones);
    }

    private static ClassifierMetrics ParseClassifier(string name, JsonObject json) => new(
        name,
        json["splits"]!.AsArray().Select(s => ParseSplit(s!.AsObject())).ToList(),
        Summary.Parse(json["mean"] as JsonObject),
        Summary.Parse(json["std"] as JsonObject));

    private static SplitMetrics ParseSplit(JsonObject s) => new(
        s["split"]!.GetValue<int>(), s["test_group"]?.GetValue<string>(),
        s["n_train"]?.GetValue<int>() ?? 0, s["n_test"]?.GetValue<int>() ?? 0,
        Number(s["accuracy"]), Number(s["balanced_accuracy"]), Number(s["weighted_f1"]),
        s["per_class"]?.AsArray().Select(p => new ClassScore(p!["class"]!.GetValue<string>(), Number(p["precision"]), Number(p["recall"]),
            Number(p["f1"]), p["support"]?.GetValue<int>() ?? 0)).ToList() ?? [],
        s["confusion"]?.AsArray().Select(row => row!.AsArray().Select(v => v!.GetValue<int>()).ToArray()).ToArray() ?? []);

    internal static double? Number(JsonNode? node) => node is null ? null : node.GetValue<double>();
}

/// <summary>One backbone's entry.</summary>
internal sealed record BackboneMetrics(string Name, string ModelSha256, int EmbedDim, IReadOnlyList<ClassifierMetrics> Classifiers)
{
    public ClassifierMetrics? Classifier(string name) => Classifiers.FirstOrDefault(c => c.Name == name);
}

/// <summary>One classifier of one backbone: every split plus mean and sample std.</summary>
internal sealed record ClassifierMetrics(string Name, IReadOnlyList<SplitMetrics> Splits, Summary Mean, Summary Std)
{
    /// <summary>Confusion counts summed over the splits ([true, predicted]).</summary>
    public int[,] TotalConfusion(int classes)
    {
        var total = new int[classes, classes];
        foreach (var split in Splits)
            for (var i = 0; i < Math.Min(classes, split.Confusion.Length); i++)
                for (var j = 0; j < Math.Min(classes, split.Confusion[i].Length); j++)
                    total[i, j] += split.Confusion[i][j];
        return total;
    }

    /// <summary>Per-class F1 averaged over the splits where it is defined (null when never defined).</summary>
    public double? MeanF1(string className)
    {
        var values = Splits.SelectMany(s => s.PerClass).Where(p => p.Class == className && p.F1 is not null).Select(p => p.F1!.Value).ToList();
        return values.Count == 0 ? null : values.Average();
    }
}

/// <summary>One split's metrics.</summary>
internal sealed record SplitMetrics(int Split, string? TestGroup, int NTrain, int NTest, double? Accuracy, double? BalancedAccuracy,
    double? WeightedF1, IReadOnlyList<ClassScore> PerClass, int[][] Confusion);

/// <summary>Per-class precision, recall, F1 and support of one split.</summary>
internal sealed record ClassScore(string Class, double? Precision, double? Recall, double? F1, int Support);

/// <summary>Accuracy, balanced accuracy and weighted F1 (a mean or a std); null = undefined.</summary>
internal sealed record Summary(double? Accuracy, double? BalancedAccuracy, double? WeightedF1)
{
    public static Summary Parse(JsonObject? json) => json is null ? new Summary(null, null, null)
        : new Summary(MetricsDocument.Number(json["accuracy"]), MetricsDocument.Number(json["balanced_accuracy"]), MetricsDocument.Number(json["weighted_f1"]));

    public double? Get(ReportMetric metric) => metric switch
    {
        ReportMetric.WeightedF1 => WeightedF1,
        ReportMetric.Accuracy => Accuracy,
        _ => BalancedAccuracy,
    };
}

/// <summary>The three headline metrics, in the order the report shows them.</summary>
internal enum ReportMetric { WeightedF1, Accuracy, BalancedAccuracy }
