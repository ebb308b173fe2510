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
    /// <summary>schema_version written. History: 1 = protocol, classes, per backbone and classifier the splits
    /// (metrics, per class, confusion), mean and sample std; 2 adds per classifier <c>pooled</c> and <c>ci95</c>,
    /// per backbone <c>batch_effects</c>, and the top-level <c>comparisons</c>. Versions 1 and 2 are read.</summary>
    public const int SchemaVersion = 2;

    /// <summary>The oldest schema_version read (its files have no analysis: nulls and no comparisons).</summary>
    public const int OldestReadableSchemaVersion = 1;

    /// <summary>Paired comparisons of every two backbones for every classifier (schema 2 <c>comparisons</c>,
    /// a listed before b); empty with one backbone and in schema 1 files.</summary>
    public IReadOnlyList<BackboneComparison> Comparisons { get; init; } = [];

    /// <summary>Classifier names over all backbones, in first-seen order.</summary>
    public IReadOnlyList<string> ClassifierNames => Backbones.SelectMany(b => b.Classifiers.Select(c => c.Name)).Distinct().ToList();

    /// <summary>This document with <paramref name="backbone"/> added, or replacing the entry of the same
    /// name in its place. Comparisons with a replaced backbone no longer hold and are dropped.</summary>
    public MetricsDocument WithBackbone(BackboneMetrics backbone)
    {
        var backbones = Backbones.ToList();
        var index = backbones.FindIndex(b => b.Name == backbone.Name);
        if (index >= 0) backbones[index] = backbone;
        else backbones.Add(backbone);
        return this with { Backbones = backbones, Comparisons = Comparisons.Where(c => !c.Involves(backbone.Name)).ToList() };
    }

    /// <summary>The comparisons of one classifier, in file order.</summary>
    public IReadOnlyList<BackboneComparison> ComparisonsOf(string classifier) => Comparisons.Where(c => c.Classifier == classifier).ToList();

    /// <summary>True when <paramref name="other"/> has the same protocol, folds, group column and classes
    /// (so that their backbones can share one file).</summary>
    public bool SameSetup(MetricsDocument other) =>
        Protocol == other.Protocol && Folds == other.Folds && GroupColumn == other.GroupColumn
        && Classes.SequenceEqual(other.Classes, StringComparer.Ordinal);
}
