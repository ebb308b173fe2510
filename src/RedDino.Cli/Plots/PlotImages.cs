using ScottPlot;

namespace RedDino.Cli.Plots;

/// <summary>Renders a <see cref="Chart"/> to PNG bytes (ScottPlot 5 on SkiaSharp 3): white background,
/// the embedded font for all text, the chart's title on top.</summary>
internal static class PlotImages
{
    public const float TitleSize = 16;

    public static byte[] Png(Chart chart, int width, int height)
    {
        PlotFont.EnsureRegistered();
        using var plot = new Plot();
        plot.FigureBackground.Color = Colors.White;
        plot.DataBackground.Color = Colors.White;
        plot.Title(chart.Title, TitleSize);
        plot.Axes.Title.Label.Bold = false;
        chart.Draw(plot);
        plot.Font.Set(PlotFont.Name);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }
}
