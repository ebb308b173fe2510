using System.Text.Json.Nodes;
using RedDino.Formats.Metrics;

namespace RedDino.MLNet.Evaluation;

/// <summary>Results of one or more backbones under one protocol on the same classes: their
/// <see cref="MetricsDocument"/> (metrics.json, one "backbones" entry per backbone) and the predictions
/// files. <see cref="MergeInto"/> adds one backbone to an existing metrics.json, so a bench can evaluate
/// backbone by backbone and resume.</summary>
public sealed class EvaluationReport
{
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

    /// <summary>The metrics.json document of every backbone.</summary>
    public MetricsDocument ToDocument() =>
        new(Protocol.Name, Protocol.Folds, Protocol.GroupColumn, Classes, _backbones.Select(b => b.ToMetrics()).ToArray());

    /// <summary>The metrics.json text as a JSON object.</summary>
    public JsonObject ToJson() => MetricsJsonFile.ToJson(ToDocument());

    /// <summary>Writes metrics.json atomically.</summary>
    public void WriteMetricsJson(string path) => MetricsJsonFile.Write(path, ToDocument());

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
        var own = Of(evaluation).ToDocument();
        var document = File.Exists(metricsPath) ? ReadCompatible(metricsPath, own) : own;
        MetricsJsonFile.Write(metricsPath, document.WithBackbone(own.Backbones[0]));
        PredictionsCsv.Write(Path.GetDirectoryName(Path.GetFullPath(metricsPath))!, evaluation);
    }

    private static MetricsDocument ReadCompatible(string path, MetricsDocument own)
    {
        var existing = MetricsJsonFile.Read(path);
        if (existing.SameSetup(own))
            return existing;
        var backbone = own.Backbones[0].Name;
        string Text<T>(T value) => value switch { null => "null", IEnumerable<string> list => $"[{string.Join(", ", list)}]", _ => $"{value}" };
        var (field, theirs, ours) =
            existing.Protocol != own.Protocol ? ("protocol", existing.Protocol, own.Protocol)
            : existing.Folds != own.Folds ? ("folds", Text(existing.Folds), Text(own.Folds))
            : existing.GroupColumn != own.GroupColumn ? ("group_column", Text(existing.GroupColumn), Text(own.GroupColumn))
            : ("classes", Text(existing.Classes), Text(own.Classes));
        throw new InvalidDataException($"{path}: '{field}' is {theirs} but backbone '{backbone}' has {ours}");
    }

    private static bool SameProtocol(EvaluationProtocol a, EvaluationProtocol b) =>
        a.Name == b.Name && a.Folds == b.Folds && a.GroupColumn == b.GroupColumn;

    private static string Describe(EvaluationProtocol p) =>
        p.Folds is { } folds ? $"{p.Name} ({folds} folds)" : $"{p.Name} (group column '{p.GroupColumn}')";
}
