using ScottPlot;

namespace RedDino.Cli.Plots;

/// <summary>Horizontal grouped bars: one group per category (first category on top), one bar per
/// series in each group, a legend of the series on the right.</summary>
internal sealed record BarChart(string Title, IReadOnlyList<string> Categories, IReadOnlyList<BarSeries> Series, string ValueTitle) : Chart(Title)
{
    public double Minimum { get; init; }

    /// <summary>The value axis' end; null fits the data.</summary>
    public double? Maximum { get; init; }

    /// <summary>The share of a group's slot its bars fill.</summary>
    private const double GroupWidth = 0.8;

    internal override void Draw(Plot plot)
    {
        var k = Categories.Count;
        var barSize = GroupWidth / Math.Max(1, Series.Count);
        for (var s = 0; s < Series.Count; s++)
        {
            var series = Series[s];
            if (series.Values.Count != k) throw new ArgumentException($"{Title}: series {series.Name} has {series.Values.Count} values for {k} categories");
            var colour = series.Color.ToScottPlot();
            // Category c sits at y = k - 1 - c; the series' bars stack downwards within the group in series order.
            var bars = Enumerable.Range(0, k).Where(c => series.Values[c] is not null).Select(c => new Bar
            {
                Position = k - 1 - c + GroupWidth / 2 - barSize * (s + 0.5), Value = series.Values[c]!.Value, ValueBase = Minimum,
                Size = barSize, FillColor = colour, LineWidth = 0, Orientation = Orientation.Horizontal,
            }).ToList();
            var plottable = plot.Add.Bars(bars);
            plottable.Horizontal = true;
            plottable.LegendText = series.Name;
            plottable.Color = colour;
        }
        plot.Axes.Left.SetTicks(Enumerable.Range(0, k).Select(c => (double)(k - 1 - c)).ToArray(), Categories.ToArray());
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.XLabel(ValueTitle);
        plot.Grid.YAxisStyle.MajorLineStyle.Width = 0;
        plot.Grid.XAxisStyle.MajorLineStyle.Pattern = LinePattern.Dotted;
        plot.ShowLegend(Edge.Right);
        plot.Axes.AutoScale();
        plot.Axes.SetLimitsY(-0.5, k - 0.5);
        if (Maximum is { } maximum) plot.Axes.SetLimitsX(Minimum, maximum);
    }
}

/// <summary>One series of a <see cref="BarChart"/>: a value per category (null: no bar).</summary>
internal sealed record BarSeries(string Name, PlotColor Color, IReadOnlyList<double?> Values);
