using System.Globalization;
using RedDino.Formats.Metrics;

namespace RedDino.MLNet.Evaluation;

/// <summary>What a results table puts in its rows and columns.</summary>
public enum ResultsTableLayout
{
    /// <summary>One row per backbone and classifier, one column per headline metric (accuracy, balanced
    /// accuracy, weighted F1): every number of a run at a glance (`reddino eval`).</summary>
    ClassifierRows,

    /// <summary>The paper's table: one row per backbone, one column per classifier, cells of one metric
    /// (`reddino bench` and the reports).</summary>
    BackboneRows,
}

/// <summary>The results of a metrics.json as a table: cells in the paper's form, percent
/// <c>mean±std</c> with one decimal (just the mean when the std is undefined, "n/a" when the mean is),
/// followed by the 95% bootstrap interval of the pooled out-of-fold metric as <c>[lo, hi]</c> when the
/// document has one (schema 2), as fixed-width text for a terminal or as Markdown.</summary>
public static class ResultsTable
{
    private static readonly string[] MetricHeaders = ["accuracy", "balanced acc.", "weighted F1"];
    private static readonly HeadlineMetric[] MetricColumns = [HeadlineMetric.Accuracy, HeadlineMetric.BalancedAccuracy, HeadlineMetric.WeightedF1];

    /// <summary>Plain words on the cells, for under a table.</summary>
    public const string CellNote = "Cells: mean ± sample standard deviation over the splits, in percent; [lo, hi] = 95% bootstrap " +
        "interval of the pooled out-of-fold value (every row predicted once, 1,000 resamples of the rows): the range the score " +
        "would likely fall in on another sample of cells like these.";

    /// <summary>Title of a metric's table, e.g. "Weighted F1 (%)".</summary>
    public static string Title(HeadlineMetric metric) => metric switch
    {
        HeadlineMetric.WeightedF1 => "Weighted F1 (%)",
        HeadlineMetric.Accuracy => "Accuracy (%)",
        _ => "Balanced accuracy (%)",
    };

    /// <summary>Column heading of a classifier: "Linear probe", "1-NN", "20-NN", "LightGBM", "SDCA MaxEnt"; another
    /// trainer's own name.</summary>
    public static string Heading(string classifier) => ClassifierSpec.TryParse(classifier) switch
    {
        { IsLinearProbe: true } => "Linear probe",
        { Neighbors: { } k } => string.Create(CultureInfo.InvariantCulture, $"{k}-NN"),
        { Name: "lightgbm" } => "LightGBM",
        { Name: "sdca_maxent" } => "SDCA MaxEnt",
        _ => classifier,
    };

    /// <summary>One metric in the paper's form, e.g. "88.1±4.9", then " [85.2, 90.7]" when an interval is given.</summary>
    public static string Cell(double? mean, double? std, ConfidenceInterval? interval = null)
    {
        var cell = mean is not { } m ? "n/a"
            : std is { } s ? string.Create(CultureInfo.InvariantCulture, $"{100 * m:F1}±{100 * s:F1}")
            : string.Create(CultureInfo.InvariantCulture, $"{100 * m:F1}");
        return interval is null ? cell : string.Create(CultureInfo.InvariantCulture, $"{cell} [{100 * interval.Lower:F1}, {100 * interval.Upper:F1}]");
    }

    /// <summary>Header and rows of the table; <paramref name="metric"/> is the cells' metric of
    /// <see cref="ResultsTableLayout.BackboneRows"/>.</summary>
    public static (IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows) Build(MetricsDocument document,
        ResultsTableLayout layout, HeadlineMetric metric = HeadlineMetric.WeightedF1)
    {
        var table = Table(document, layout, metric);
        return (table.Header, table.Rows);
    }

    /// <summary>The table with its title and note.</summary>
    public static ReportTable Table(MetricsDocument document, ResultsTableLayout layout, HeadlineMetric metric = HeadlineMetric.WeightedF1)
    {
        static string Of(ClassifierMetrics c, HeadlineMetric m) => Cell(c.Mean.Get(m), c.StandardDeviation.Get(m), c.Intervals?.Get(m));
        if (layout == ResultsTableLayout.ClassifierRows)
        {
            var rows = document.Backbones.SelectMany(b => b.Classifiers.Select(c => (IReadOnlyList<string>)
                [b.Name, c.Name, .. MetricColumns.Select(m => Of(c, m))])).ToList();
            return new ReportTable("Accuracy, balanced accuracy and weighted F1 (%)", ["backbone", "classifier", .. MetricHeaders], rows, TextColumns(layout)) { Note = CellNote };
        }
        var classifiers = document.ClassifierNames;
        var table = document.Backbones.Select(b => (IReadOnlyList<string>)
            [b.Name, .. classifiers.Select(name => b.Classifier(name) is { } c ? Of(c, metric) : "n/a")]).ToList();
        return new ReportTable(Title(metric), ["Backbone", .. classifiers.Select(Heading)], table, TextColumns(layout)) { Note = CellNote };
    }

    /// <summary>The table as fixed-width text: header, a rule, rows; name columns left-aligned, numbers right-aligned.</summary>
    public static string Text(MetricsDocument document, ResultsTableLayout layout, HeadlineMetric metric = HeadlineMetric.WeightedF1) =>
        Table(document, layout, metric).Text();

    /// <summary>The table in Markdown (numbers right-aligned).</summary>
    public static string Markdown(MetricsDocument document, ResultsTableLayout layout, HeadlineMetric metric = HeadlineMetric.WeightedF1) =>
        Table(document, layout, metric).Markdown();

    /// <summary>How many leading columns hold names rather than numbers.</summary>
    public static int TextColumns(ResultsTableLayout layout) => layout == ResultsTableLayout.ClassifierRows ? 2 : 1;
}
