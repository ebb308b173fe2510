using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;
using RedDino.MLNet.Evaluation;

namespace RedDino.Cli.Reports;

/// <summary>The report's figures as OxyPlot models: confusion-matrix heatmaps, per-class F1 bars
/// and 2-D PCA maps.</summary>
internal static class ReportPlots
{
    /// <summary>Confusion counts summed over the splits; cells coloured by row-normalised rate
    /// (recall of the true class), labelled with the count.</summary>
    public static PlotModel Confusion(string title, IReadOnlyList<string> classes, int[,] counts)
    {
        var k = classes.Count;
        var model = new PlotModel { Title = title, TitleFontSize = 14 };
        // Data[x, y]: x = predicted class (columns), y = true class (rows, first class on top).
        var rates = new double[k, k];
        for (var t = 0; t < k; t++)
        {
            var total = Enumerable.Range(0, k).Sum(p => counts[t, p]);
            for (var p = 0; p < k; p++) rates[p, k - 1 - t] = total == 0 ? 0 : (double)counts[t, p] / total;
        }
        model.Axes.Add(new LinearColorAxis { Position = AxisPosition.Right, Palette = OxyPalettes.Viridis(200), Minimum = 0, Maximum = 1, Title = "row rate" });
        model.Axes.Add(new CategoryAxis { Position = AxisPosition.Bottom, Key = "predicted", Title = "predicted", ItemsSource = classes, Angle = -45 });
        model.Axes.Add(new CategoryAxis { Position = AxisPosition.Left, Key = "true", Title = "true", ItemsSource = classes.Reverse().ToList() });
        model.Series.Add(new HeatMapSeries
        {
            X0 = 0, X1 = k - 1, Y0 = 0, Y1 = k - 1, Data = rates, Interpolate = false,
            RenderMethod = HeatMapRenderMethod.Rectangles, LabelFontSize = k > 10 ? 0.18 : 0.25, LabelFormatString = "0%",
            XAxisKey = "predicted", YAxisKey = "true",
        });
        return model;
    }

    /// <summary>Per-class F1 (mean over splits), one bar group per class, one bar per classifier.</summary>
    public static PlotModel PerClassF1(string title, IReadOnlyList<string> classes, IReadOnlyList<(string Classifier, double?[] F1)> series)
    {
        var model = new PlotModel { Title = title, TitleFontSize = 14 };
        model.Legends.Add(new Legend { LegendPosition = LegendPosition.RightTop, LegendPlacement = LegendPlacement.Outside });
        model.Axes.Add(new CategoryAxis { Position = AxisPosition.Left, ItemsSource = classes, StartPosition = 1, EndPosition = 0 });
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Minimum = 0, Maximum = 1, Title = "F1 (mean over splits)", MajorGridlineStyle = LineStyle.Dot });
        for (var s = 0; s < series.Count; s++)
        {
            var bars = new BarSeries { Title = ResultsTable.Heading(series[s].Classifier), FillColor = PlotPalette.Color(s) };
            foreach (var f1 in series[s].F1) bars.Items.Add(new BarItem(f1 ?? 0));
            model.Series.Add(bars);
        }
        return model;
    }

    /// <summary>Scatter of 2-D points coloured by group (class or source), one series per group.</summary>
    public static PlotModel Scatter(string title, double[,] points, IReadOnlyList<string> groups, double[] explained)
    {
        var model = new PlotModel { Title = title, TitleFontSize = 14 };
        model.Legends.Add(new Legend { LegendPosition = LegendPosition.RightTop, LegendPlacement = LegendPlacement.Outside, LegendFontSize = 11 });
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = $"PC1 ({explained[0] * 100:F1}% of variance)" });
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Title = $"PC2 ({explained[1] * 100:F1}% of variance)" });
        var names = groups.Distinct().Order(StringComparer.Ordinal).ToList();
        for (var g = 0; g < names.Count; g++)
        {
            var series = new ScatterSeries { Title = names[g], MarkerType = MarkerType.Circle, MarkerSize = 3.5, MarkerFill = OxyColor.FromAColor(190, PlotPalette.Color(g)) };
            for (var i = 0; i < groups.Count; i++)
                if (groups[i] == names[g]) series.Points.Add(new ScatterPoint(points[i, 0], points[i, 1]));
            model.Series.Add(series);
        }
        return model;
    }
}
