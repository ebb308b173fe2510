using ScottPlot;

namespace RedDino.Cli.Plots;

/// <summary>A figure as data: titles, labels, values and colours, nothing of the plotting library.
/// Each kind (heatmap, bars, scatter, lines) is one record in this folder that also knows how to draw
/// itself; <see cref="PlotImages.Png"/> turns any of them into a PNG. A new figure of an existing kind
/// needs only its record; a new kind is one more file here.</summary>
internal abstract record Chart(string Title)
{
    /// <summary>Draws the chart's content, axes and legend on <paramref name="plot"/> (title, font and
    /// background are already set).</summary>
    internal abstract void Draw(Plot plot);
}
