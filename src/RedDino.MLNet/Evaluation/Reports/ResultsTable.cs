using System.Globalization;
using System.Text;

namespace RedDino.MLNet.Evaluation;

/// <summary>The paper's table form: one line per backbone and classifier, each metric as percent
/// <c>mean±std</c> with one decimal (just the mean when the std is undefined, "n/a" when the mean is).</summary>
public static class ResultsTable
{
    private static readonly string[] Headers = ["backbone", "classifier", "accuracy", "balanced acc.", "weighted F1"];

    /// <summary>The table as text lines (header, rule, rows).</summary>
    public static string Format(IEnumerable<BackboneEvaluation> evaluations)
    {
        var rows = new List<string[]>();
        foreach (var backbone in evaluations)
            foreach (var classifier in backbone.Classifiers)
            {
                var mean = classifier.Mean;
                var std = classifier.StandardDeviation;
                rows.Add([backbone.Backbone, classifier.Name, Cell(mean.Accuracy, std.Accuracy),
                    Cell(mean.BalancedAccuracy, std.BalancedAccuracy), Cell(mean.WeightedF1, std.WeightedF1)]);
            }
        var widths = Headers.Select((h, c) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[c].Length))).ToArray();
        var text = new StringBuilder();
        text.AppendLine(Line(Headers, widths));
        text.AppendLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in rows) text.AppendLine(Line(row, widths));
        return text.ToString();
    }

    /// <summary>One metric in the paper's form, e.g. "88.1±4.9".</summary>
    public static string Cell(double? mean, double? std) =>
        mean is not { } m ? "n/a"
        : std is { } s ? string.Create(CultureInfo.InvariantCulture, $"{100 * m:F1}±{100 * s:F1}")
        : string.Create(CultureInfo.InvariantCulture, $"{100 * m:F1}");

    // Text columns left-aligned, metric columns right-aligned.
    private static string Line(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((cell, c) => c < 2 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))).TrimEnd();
}
