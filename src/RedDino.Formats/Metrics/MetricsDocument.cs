namespace RedDino.Formats.Metrics;

/// <summary>
/// metrics.json (docs/formats/metrics-json.md): the results of one or more backbones under one protocol
/// on the same classes. Backbones and classifiers keep their order (the tables' row and column order).
/// Read and written by <see cref="MetricsJsonFile"/>; RedDino.MLNet's evaluation produces it, the
/// reports and tables consume it.
/// </summary>
/// <param name="Protocol">"kfold" or "loso".</param>
/// <param name="Folds">Fold count under kfold, else null.</param>
/// <param name="GroupColumn">The column loso groups by, else null.</param>
/// <param name="Classes">Class names in index order.</param>
/// <param name="Backbones">One entry per backbone, in the order added.</param>
public sealed record MetricsDocument(string Protocol, int? Folds, string? GroupColumn, IReadOnlyList<string> Classes,
    IReadOnlyList<BackboneMetrics> Backbones)
{
    /// <summary>schema_version written and read. History: 1 = protocol, classes, per backbone and classifier
    /// the splits (metrics, per class, confusion), mean and sample std.</summary>
    public const int SchemaVersion = 1;

    /// <summary>Classifier names over all backbones, in first-seen order.</summary>
    public IReadOnlyList<string> ClassifierNames => Backbones.SelectMany(b => b.Classifiers.Select(c => c.Name)).Distinct().ToList();

    /// <summary>This document with <paramref name="backbone"/> added, or replacing the entry of the same
    /// name in its place.</summary>
    public MetricsDocument WithBackbone(BackboneMetrics backbone)
    {
        var backbones = Backbones.ToList();
        var index = backbones.FindIndex(b => b.Name == backbone.Name);
        if (index >= 0) backbones[index] = backbone;
        else backbones.Add(backbone);
        return this with { Backbones = backbones };
    }

    /// <summary>True when <paramref name="other"/> has the same protocol, folds, group column and classes
    /// (so that their backbones can share one file).</summary>
    public bool SameSetup(MetricsDocument other) =>
        Protocol == other.Protocol && Folds == other.Folds && GroupColumn == other.GroupColumn
        && Classes.SequenceEqual(other.Classes, StringComparer.Ordinal);
}
