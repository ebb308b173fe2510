using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using RedDino.Formats.IO;

namespace RedDino.MLNet.Evaluation;

/// <summary>Results of one or more backbones under one protocol on the same classes: writes
/// metrics.json (one "backbones" entry per backbone) and the predictions files. <see cref="MergeInto"/>
/// adds one backbone to an existing metrics.json, so a bench can evaluate backbone by backbone and
/// resume.</summary>
public sealed class EvaluationReport
{
    /// <summary>metrics.json schema version written (history: 1 = contracts.md "metrics.json").</summary>
    public const int SchemaVersion = 1;

    private readonly List<BackboneEvaluation> _backbones = [];

    /// <summary>An empty report for <paramref name="protocol"/> over <paramref name="classes"/> (index order).</summary>
    public EvaluationReport(EvaluationProtocol protocol, IReadOnlyList<string> classes)
    {
        Protocol = protocol;
        Classes = classes.ToArray();
    }

    /// <summary>A report holding <paramref name="evaluations"/> (at least one; same protocol and classes).</summary>
    public static EvaluationReport Of(params BackboneEvaluation[] evaluations)
    {
        if (evaluations.Length == 0) throw new ArgumentException("at least one evaluation is needed", nameof(evaluations));
        var report = new EvaluationReport(evaluations[0].Protocol, evaluations[0].Classes);
        foreach (var evaluation in evaluations) report.Add(evaluation);
        return report;
    }

    /// <summary>The protocol every backbone was evaluated with.</summary>
    public EvaluationProtocol Protocol { get; }

    /// <summary>Class names in index order.</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <summary>Backbones in the order added.</summary>
    public IReadOnlyList<BackboneEvaluation> Backbones => _backbones;

    /// <summary>Adds a backbone, replacing an earlier one of the same name.</summary>
    /// <exception cref="InvalidOperationException">Different protocol or classes.</exception>
    public void Add(BackboneEvaluation evaluation)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        if (!SameProtocol(evaluation.Protocol, Protocol))
            throw new InvalidOperationException($"backbone '{evaluation.Backbone}' was evaluated with {Describe(evaluation.Protocol)}, this report holds {Describe(Protocol)}");
        if (!evaluation.Classes.SequenceEqual(Classes, StringComparer.Ordinal))
            throw new InvalidOperationException($"backbone '{evaluation.Backbone}' has classes [{string.Join(", ", evaluation.Classes)}], this report [{string.Join(", ", Classes)}]");
        _backbones.RemoveAll(b => b.Backbone == evaluation.Backbone);
        _backbones.Add(evaluation);
    }

    /// <summary>The metrics.json document.</summary>
    public JsonObject ToJson()
    {
        var json = MetricsJson.Header(Protocol, Classes);
        var backbones = json["backbones"]!.AsObject();
        foreach (var backbone in _backbones)
            backbones[backbone.Backbone] = MetricsJson.Backbone(backbone);
        return json;
    }

    /// <summary>Writes metrics.json atomically (temporary file, then rename).</summary>
    public void WriteMetricsJson(string path) => WriteJson(path, ToJson());

    /// <summary>Writes predictions/&lt;backbone&gt;/&lt;classifier&gt;.csv under <paramref name="resultsFolder"/> for every backbone.</summary>
    public void WritePredictions(string resultsFolder)
    {
        foreach (var backbone in _backbones)
            PredictionsCsv.Write(resultsFolder, backbone);
    }

    /// <summary>Adds (or replaces) one backbone entry in the metrics.json at <paramref name="metricsPath"/>,
    /// creating the file when absent, and writes that backbone's predictions beside it.</summary>
    /// <exception cref="InvalidDataException">The existing file is not a metrics.json this version can read,
    /// or holds another protocol or other classes (names the file and the field).</exception>
    public static void MergeInto(string metricsPath, BackboneEvaluation evaluation)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        var json = File.Exists(metricsPath) ? ReadCompatible(metricsPath, evaluation) : MetricsJson.Header(evaluation.Protocol, evaluation.Classes);
        json["backbones"]!.AsObject()[evaluation.Backbone] = MetricsJson.Backbone(evaluation);
        WriteJson(metricsPath, json);
        PredictionsCsv.Write(Path.GetDirectoryName(Path.GetFullPath(metricsPath))!, evaluation);
    }

    private static JsonObject ReadCompatible(string path, BackboneEvaluation evaluation)
    {
        JsonObject json;
        try
        {
            json = JsonNode.Parse(File.ReadAllText(path))?.AsObject() ?? throw new InvalidDataException($"{path}: empty");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new InvalidDataException($"{path}: not a metrics.json ({e.Message})", e);
        }
        var expected = MetricsJson.Header(evaluation.Protocol, evaluation.Classes);
        var version = json["schema_version"]?.GetValue<int>();
        if (version != SchemaVersion)
            throw new InvalidDataException($"{path}: 'schema_version' is {version?.ToString() ?? "missing"}; this version reads and writes {SchemaVersion}");
        foreach (var field in new[] { "protocol", "folds", "group_column", "classes" })
            if (!JsonNode.DeepEquals(json[field], expected[field]))
                throw new InvalidDataException($"{path}: '{field}' is {json[field]?.ToJsonString() ?? "null"} but backbone '{evaluation.Backbone}' has {expected[field]?.ToJsonString() ?? "null"}");
        if (json["backbones"] is not JsonObject)
            throw new InvalidDataException($"{path}: 'backbones' is missing or not an object");
        return json;
    }

    internal static void WriteJson(string path, JsonNode json)
    {
        AtomicFile.WriteAllText(path, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
    }

    private static bool SameProtocol(EvaluationProtocol a, EvaluationProtocol b) =>
        a.Name == b.Name && a.Folds == b.Folds && a.GroupColumn == b.GroupColumn;

    private static string Describe(EvaluationProtocol p) =>
        p.Folds is { } folds ? $"{p.Name} ({folds} folds)" : $"{p.Name} (group column '{p.GroupColumn}')";
}
