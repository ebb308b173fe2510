using System.Text.Json.Nodes;
using RedDino.Formats.Metrics;
using RedDino.MLNet.Evaluation.Analysis;

namespace RedDino.MLNet.Evaluation;

/// <summary>Results of one or more backbones under one protocol on the same rows: their
/// <see cref="MetricsDocument"/> (metrics.json, one "backbones" entry per backbone, with the analysis of
/// each backbone where given and the paired comparisons of every two) and the predictions files.
/// <see cref="MergeInto"/> adds one backbone to an existing metrics.json, so a bench can evaluate
/// backbone by backbone and resume.</summary>
public sealed class EvaluationReport
{
    private readonly List<BackboneEvaluation> _backbones = [];
    private readonly Dictionary<string, BackboneAnalysis> _analyses = new(StringComparer.Ordinal);
    private IReadOnlyList<BackboneComparison>? _comparisons;

    /// <summary>An empty report for <paramref name="protocol"/> over <paramref name="classes"/> (index order).</summary>
    public EvaluationReport(EvaluationProtocol protocol, IReadOnlyList<string> classes)
    {
        Protocol = protocol;
        Classes = classes.ToArray();
    }

    /// <summary>A report holding <paramref name="evaluations"/> (at least one; same protocol, classes and rows).</summary>
    public static EvaluationReport Of(params BackboneEvaluation[] evaluations) => Of(evaluations, null);

    /// <summary>A report holding <paramref name="evaluations"/> and their <paramref name="analysis"/> (from
    /// <see cref="EvaluationAnalyzer.Analyze"/> of the same backbones), or none.</summary>
    public static EvaluationReport Of(IReadOnlyList<BackboneEvaluation> evaluations, EvaluationAnalysis? analysis)
    {
        ArgumentNullException.ThrowIfNull(evaluations);
        if (evaluations.Count == 0) throw new ArgumentException("at least one evaluation is needed", nameof(evaluations));
        var report = new EvaluationReport(evaluations[0].Protocol, evaluations[0].Classes);
        foreach (var evaluation in evaluations)
            report.Add(evaluation, analysis?.Backbones.FirstOrDefault(b => b.Backbone == evaluation.Backbone));
        report._comparisons = analysis?.Comparisons;
        return report;
    }

    /// <summary>The protocol every backbone was evaluated with.</summary>
    public EvaluationProtocol Protocol { get; }

    /// <summary>Class names in index order.</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <summary>Backbones in the order added.</summary>
    public IReadOnlyList<BackboneEvaluation> Backbones => _backbones;

    /// <summary>The analysis of each backbone that has one (pooled metrics, intervals, batch effects), in backbone order.</summary>
    public IReadOnlyList<BackboneAnalysis> Analyses => _backbones.Where(b => _analyses.ContainsKey(b.Backbone)).Select(b => _analyses[b.Backbone]).ToArray();

    /// <summary>Every pair of backbones (a added before b) for every classifier both have: McNemar and the
    /// corrected resampled t-tests (<see cref="EvaluationAnalyzer.Compare"/>); empty with one backbone.</summary>
    public IReadOnlyList<BackboneComparison> Comparisons => _comparisons ??= EvaluationAnalyzer.Compare(_backbones);

    /// <summary>Adds a backbone, replacing an earlier one of the same name, with its analysis when given.</summary>
    /// <exception cref="InvalidOperationException">Different protocol or classes, or an analysis of another backbone.</exception>
    /// <exception cref="ArgumentException">Different rows (one report holds backbones evaluated on the same rows).</exception>
    public void Add(BackboneEvaluation evaluation, BackboneAnalysis? analysis = null)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        if (!SameProtocol(evaluation.Protocol, Protocol))
            throw new InvalidOperationException($"backbone '{evaluation.Backbone}' was evaluated with {Describe(evaluation.Protocol)}, this report holds {Describe(Protocol)}");
        if (!evaluation.Classes.SequenceEqual(Classes, StringComparer.Ordinal))
            throw new InvalidOperationException($"backbone '{evaluation.Backbone}' has classes [{string.Join(", ", evaluation.Classes)}], this report [{string.Join(", ", Classes)}]");
        if (analysis is not null && analysis.Backbone != evaluation.Backbone)
            throw new InvalidOperationException($"the analysis of '{analysis.Backbone}' cannot describe backbone '{evaluation.Backbone}'");
        _backbones.RemoveAll(b => b.Backbone == evaluation.Backbone);
        if (_backbones.Count > 0) BackboneComparer.CheckSameRows(_backbones[0], evaluation);
        _backbones.Add(evaluation);
        _analyses.Remove(evaluation.Backbone);
        if (analysis is not null) _analyses[evaluation.Backbone] = analysis;
        _comparisons = null;
    }

    /// <summary>The metrics.json document of every backbone, with the analyses and comparisons (schema 2).</summary>
    public MetricsDocument ToDocument() =>
        new(Protocol.Name, Protocol.Folds, Protocol.GroupColumn, Classes, _backbones.Select(Metrics).ToArray()) { Comparisons = Comparisons };

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
    /// creating the file when absent, and writes that backbone's predictions beside it. The file's
    /// comparisons with a replaced backbone are dropped; the new backbone is compared with none (comparisons
    /// need every backbone's predictions in memory: use <see cref="Of(IReadOnlyList{BackboneEvaluation}, EvaluationAnalysis?)"/>).</summary>
    /// <param name="metricsPath">The metrics.json to create or extend.</param>
    /// <param name="evaluation">The backbone's evaluation.</param>
    /// <param name="analysis">Its analysis (<see cref="EvaluationAnalyzer.AnalyzeBackbone"/>), or null.</param>
    /// <exception cref="InvalidDataException">The existing file is not a metrics.json this version can read,
    /// or holds another protocol or other classes (names the file and the field).</exception>
    public static void MergeInto(string metricsPath, BackboneEvaluation evaluation, BackboneAnalysis? analysis = null)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        var report = new EvaluationReport(evaluation.Protocol, evaluation.Classes);
        report.Add(evaluation, analysis);
        var own = report.ToDocument();
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

    // A backbone's metrics.json entry: the evaluation, with pooled, ci95 and batch_effects from its analysis.
    private BackboneMetrics Metrics(BackboneEvaluation evaluation)
    {
        var metrics = evaluation.ToMetrics();
        if (!_analyses.TryGetValue(evaluation.Backbone, out var analysis)) return metrics;
        var classifiers = metrics.Classifiers.Select(c => analysis.Classifiers.FirstOrDefault(a => a.Classifier == c.Name) is { } pooled
            ? c with { Pooled = pooled.Pooled, Intervals = pooled.Intervals }
            : c).ToArray();
        return metrics with { Classifiers = classifiers, BatchEffects = analysis.BatchEffects };
    }

    private static bool SameProtocol(EvaluationProtocol a, EvaluationProtocol b) =>
        a.Name == b.Name && a.Folds == b.Folds && a.GroupColumn == b.GroupColumn;

    private static string Describe(EvaluationProtocol p) =>
        p.Folds is { } folds ? $"{p.Name} ({folds} folds)" : $"{p.Name} (group column '{p.GroupColumn}')";
}
