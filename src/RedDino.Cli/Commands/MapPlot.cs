using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;
using RedDino.Cli.Reports;

namespace RedDino.Cli.Commands;

/// <summary>The picture of `reddino map`: a 2-D scatter coloured by group, with title and legend, as PNG
/// (OxyPlot on SkiaSharp, the report palette). All plotting of the command lives here.</summary>
internal static class MapPlot
{
    /// <summary>Groups beyond this many share one grey "other" entry (the palette has 20 distinct colours).</summary>
    private const int MaxLegendGroups = 19;

    public static byte[] Png(string title, string xTitle, string yTitle, float[] xy, IReadOnlyList<string> groups, string legendTitle)
    {
        var model = new PlotModel { Title = title, TitleFontSize = 14 };
        model.Legends.Add(new Legend
        {
            LegendTitle = legendTitle, LegendPosition = LegendPosition.RightTop, LegendPlacement = LegendPlacement.Outside, LegendFontSize = 11,
        });
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = xTitle });
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Title = yTitle });

        // Ordinal group order (as the report's maps); when there are too many, the largest keep their colours.
        var sizes = groups.GroupBy(g => g, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var shown = sizes.OrderByDescending(s => s.Value).ThenBy(s => s.Key, StringComparer.Ordinal)
            .Take(sizes.Count > MaxLegendGroups + 1 ? MaxLegendGroups : sizes.Count).Select(s => s.Key)
            .Order(StringComparer.Ordinal).ToList();
        var markerSize = groups.Count <= 2_000 ? 3.0 : groups.Count <= 10_000 ? 2.0 : 1.3;
        var others = sizes.Count - shown.Count;
        if (others > 0)
            model.Series.Add(Series($"other ({others} groups)", OxyColor.FromAColor(120, OxyColors.Gray), markerSize, xy, groups, g => !shown.Contains(g)));
        for (var s = 0; s < shown.Count; s++)
        {
            var name = shown[s];
            model.Series.Add(Series($"{name} ({sizes[name]:N0})", OxyColor.FromAColor(190, PlotPalette.Color(s)), markerSize, xy, groups, g => g == name));
        }
        return PlotImages.Png(model, 1100, 800);
    }

    private static ScatterSeries Series(string title, OxyColor colour, double markerSize, float[] xy, IReadOnlyList<string> groups, Func<string, bool> member)
    {
        var series = new ScatterSeries { Title = title, MarkerType = MarkerType.Circle, MarkerSize = markerSize, MarkerFill = colour, MarkerStrokeThickness = 0 };
        for (var i = 0; i < groups.Count; i++)
            if (member(groups[i])) series.Points.Add(new ScatterPoint(xy[2 * i], xy[2 * i + 1]));
        return series;
    }
}
