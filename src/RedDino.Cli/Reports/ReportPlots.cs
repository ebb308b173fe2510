using RedDino.Cli.Plots;
using RedDino.MLNet.Evaluation;

namespace RedDino.Cli.Reports;

/// <summary>The report's figures as charts: confusion-matrix heatmaps and per-class F1 bars.</summary>
internal static class ReportPlots
{
    /// <summary>Confusion counts summed over the splits; cells coloured by row-normalised rate
    /// (recall of the true class), labelled with it in percent.</summary>
    public static HeatmapChart Confusion(string title, IReadOnlyList<string> classes, int[,] counts)
    {
        var k = classes.Count;
        var rates = new double[k, k];
        var text = new string?[k, k];
        for (var t = 0; t < k; t++)
        {
            var total = Enumerable.Range(0, k).Sum(p => counts[t, p]);
            for (var p = 0; p < k; p++)
            {
                rates[t, p] = total == 0 ? 0 : (double)counts[t, p] / total;
                text[t, p] = $"{rates[t, p] * 100:F0}%";
            }
        }
        return new HeatmapChart(title, classes, classes, rates, text, RowTitle: "true", ColumnTitle: "predicted", ScaleTitle: "row rate");
    }

    /// <summary>Per-class F1 (mean over splits), one bar group per class, one bar per classifier.</summary>
    public static BarChart PerClassF1(string title, IReadOnlyList<string> classes, IReadOnlyList<(string Classifier, double?[] F1)> series) =>
        new(title, classes,
            series.Select((s, i) => new BarSeries(ResultsTable.Heading(s.Classifier), PlotPalette.Color(i), s.F1)).ToList(),
            "F1 (mean over splits)") { Minimum = 0, Maximum = 1 };
}
