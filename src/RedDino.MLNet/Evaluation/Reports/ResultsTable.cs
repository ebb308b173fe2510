using System.Globalization;
using System.Text;
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
/// as fixed-width text for a terminal or as Markdown.</summary>
public static class ResultsTable
{
    private static readonly string[] MetricHeaders = ["accuracy", "balanced acc.", "weighted F1"];
    private static readonly HeadlineMetric[] MetricColumns = [HeadlineMetric.Accuracy, HeadlineMetric.BalancedAccuracy, HeadlineMetric.WeightedF1];

    /// <summary>Title of a metric's table, e.g. "Weighted F1 (%)".</summary>
    public static string Title(HeadlineMetric metric) => metric switch
    {
        HeadlineMetric.WeightedF1 => "Weighted F1 (%)",
        HeadlineMetric.Accuracy => "Accuracy (%)",
        _ => "Balanced accuracy (%)",
    };

    /// <summary>Column heading of a classifier: "Linear probe", "1-NN", "20-NN".</summary>
    public static string Heading(string classifier) => ClassifierSpec.TryParse(classifier) switch
    {
        { IsLinearProbe: true } => "Linear probe",
        { Neighbors: { } k } => string.Create(CultureInfo.InvariantCulture, $"{k}-NN"),
        _ => classifier,
    };

    /// <summary>One metric in the paper's form, e.g. "88.1±4.9".</summary>
    public static string Cell(double? mean, double? std) =>
        mean is not { } m ? "n/a"
        : std is { } s ? string.Create(CultureInfo.InvariantCulture, $"{100 * m:F1}±{100 * s:F1}")
        : string.Create(CultureInfo.InvariantCulture, $"{100 * m:F1}");

    /// <summary>Header and rows of the table; <paramref name="metric"/> is the cells' metric of
    /// <see cref="ResultsTableLayout.BackboneRows"/>.</summary>
    public static (IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows) Build(MetricsDocument document,
        ResultsTableLayout layout, HeadlineMetric metric = HeadlineMetric.WeightedF1)
    {
        if (layout == ResultsTableLayout.ClassifierRows)
        {
            var rows = document.Backbones.SelectMany(b => b.Classifiers.Select(c => (IReadOnlyList<string>)
                [b.Name, c.Name, .. MetricColumns.Select(m => Cell(c.Mean.Get(m), c.StandardDeviation.Get(m)))])).ToList();
            return (["backbone", "classifier", .. MetricHeaders], rows);
        }
        var classifiers = document.ClassifierNames;
        var table = document.Backbones.Select(b => (IReadOnlyList<string>)
            [b.Name, .. classifiers.Select(name => b.Classifier(name) is { } c ? Cell(c.Mean.Get(metric), c.StandardDeviation.Get(metric)) : "n/a")]).ToList();
        return (["Backbone", .. classifiers.Select(Heading)], table);
    }

    /// <summary>The table as fixed-width text: header, a rule, rows; name columns left-aligned, numbers right-aligned.</summary>
    public static string Text(MetricsDocument document, ResultsTableLayout layout, HeadlineMetric metric = HeadlineMetric.WeightedF1)
    {
        var (header, rows) = Build(document, layout, metric);
        var textColumns = TextColumns(layout);
        var widths = header.Select((h, c) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[c].Length))).ToArray();
        string Line(IReadOnlyList<string> cells) =>
            string.Join("  ", cells.Select((cell, c) => c < textColumns ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))).TrimEnd();
        var text = new StringBuilder();
        text.AppendLine(Line(header));
        text.AppendLine(new string('-', widths.Sum() + 2 * (widths.Length - 1)));
        foreach (var row in rows) text.AppendLine(Line(row));
        return text.ToString();
    }

    /// <summary>The table in Markdown (numbers right-aligned).</summary>
    public static string Markdown(MetricsDocument document, ResultsTableLayout layout, HeadlineMetric metric = HeadlineMetric.WeightedF1)
    {
        var (header, rows) = Build(document, layout, metric);
        var textColumns = TextColumns(layout);
        var text = new StringBuilder();
        text.AppendLine("| " + string.Join(" | ", header) + " |");
        text.AppendLine("|" + string.Join("|", header.Select((_, i) => i < textColumns ? "---" : "---:")) + "|");
        foreach (var row in rows) text.AppendLine("| " + string.Join(" | ", row) + " |");
        return text.ToString();
    }

    /// <summary>How many leading columns hold names rather than numbers.</summary>
    public static int TextColumns(ResultsTableLayout layout) => layout == ResultsTableLayout.ClassifierRows ? 2 : 1;
}
