using ScottPlot;

namespace RedDino.Cli.Plots;

/// <summary>2-D points coloured by group (filled circles, drawn in group order), a legend of the groups
/// on the right under an optional heading.</summary>
internal sealed record ScatterChart(string Title, string XTitle, string YTitle, IReadOnlyList<PointGroup> Groups) : Chart(Title)
{
    /// <summary>The legend's heading (e.g. the column the colours come from); null: none.</summary>
    public string? LegendTitle { get; init; }

    internal override void Draw(Plot plot)
    {
        if (LegendTitle is not null)
        {
            // A heading entry: an empty series that shows only its text in the legend.
            var heading = plot.Add.Markers(Array.Empty<double>(), Array.Empty<double>(), MarkerShape.None, 0, Colors.Transparent);
            heading.LegendText = LegendTitle;
        }
        foreach (var group in Groups)
        {
            if (group.Xs.Length != group.Ys.Length) throw new ArgumentException($"{Title}: group {group.Name} has {group.Xs.Length} x and {group.Ys.Length} y values");
            var markers = plot.Add.Markers(group.Xs, group.Ys, MarkerShape.FilledCircle, group.MarkerSize, group.Color.ToScottPlot());
            markers.LegendText = group.Name;
        }
        plot.XLabel(XTitle);
        plot.YLabel(YTitle);
        plot.ShowLegend(Edge.Right);
    }
}

/// <summary>The points of one group of a <see cref="ScatterChart"/>; <paramref name="MarkerSize"/> is the
/// marker's diameter in pixels.</summary>
internal sealed record PointGroup(string Name, PlotColor Color, float MarkerSize, double[] Xs, double[] Ys);
