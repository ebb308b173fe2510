using System.Globalization;
using System.Text;

namespace RedDino.Cli.Reports;

/// <summary>The paper-style tables: rows = backbones, columns = classifiers, cells = mean±std in
/// percent with one decimal (std left out when there is a single split).</summary>
internal static class ResultTables
{
    public static string Title(ReportMetric metric) => metric switch
    {
        ReportMetric.WeightedF1 => "Weighted F1 (%)",
        ReportMetric.Accuracy => "Accuracy (%)",
        _ => "Balanced accuracy (%)",
    };

    /// <summary>Column heading of a classifier: linear probe, 1-NN, 20-NN.</summary>
    public static string Heading(string classifier) =>
        classifier == "linear_probe" ? "Linear probe"
        : classifier.StartsWith("knn_", StringComparison.Ordinal) ? $"{classifier[4..]}-NN"
        : classifier;

    public static string Cell(ClassifierMetrics? metrics, ReportMetric metric)
    {
        if (metrics?.Mean.Get(metric) is not { } mean) return "n/a";
        var text = Percent(mean);
        return metrics.Std.Get(metric) is { } std ? $"{text}±{Percent(std)}" : text;
    }

    public static string Percent(double fraction) => (fraction * 100).ToString("F1", CultureInfo.InvariantCulture);

    /// <summary>(header, rows) of one metric's table.</summary>
    public static (string[] Header, List<string[]> Rows) Table(MetricsDocument document, ReportMetric metric)
    {
        var classifiers = document.ClassifierNames;
        var header = new[] { "Backbone" }.Concat(classifiers.Select(Heading)).ToArray();
        var rows = document.Backbones.Select(b => new[] { b.Name }.Concat(classifiers.Select(c => Cell(b.Classifier(c), metric))).ToArray()).ToList();
        return (header, rows);
    }

    public static string Markdown(MetricsDocument document, ReportMetric metric)
    {
        var (header, rows) = Table(document, metric);
        var text = new StringBuilder();
        text.AppendLine("| " + string.Join(" | ", header) + " |");
        text.AppendLine("|" + string.Join("|", header.Select((_, i) => i == 0 ? "---" : "---:")) + "|");
        foreach (var row in rows) text.AppendLine("| " + string.Join(" | ", row) + " |");
        return text.ToString();
    }

    /// <summary>A fixed-width table for the terminal.</summary>
    public static string Plain(MetricsDocument document, ReportMetric metric)
    {
        var (header, rows) = Table(document, metric);
        var all = new List<string[]> { header };
        all.AddRange(rows);
        var widths = header.Select((_, i) => all.Max(r => r[i].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in all)
        {
            text.AppendLine(string.Join("  ", row.Select((cell, i) => i == 0 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]))).TrimEnd());
            if (ReferenceEquals(row, header)) text.AppendLine(new string('-', widths.Sum() + 2 * (widths.Length - 1)));
        }
        return text.ToString();
    }
}
