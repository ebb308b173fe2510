using ScottPlot;

namespace RedDino.Cli.Plots;

/// <summary>Lines over a shared x axis, each on the left axis or on an optional right axis with its own
/// title and range; a legend of the series on the right. Points whose y is not a finite number are
/// left out (the line joins the others).</summary>
internal sealed record LineChart(string Title, string XTitle, string LeftTitle, IReadOnlyList<LineSeries> Series) : Chart(Title)
{
    /// <summary>The right axis' title (used when a series is on the right axis).</summary>
    public string? RightTitle { get; init; }

    /// <summary>The right axis' range; null fits the data.</summary>
    public (double Minimum, double Maximum)? RightRange { get; init; }

    internal override void Draw(Plot plot)
    {
        foreach (var series in Series)
        {
            var points = series.Xs.Zip(series.Ys).Where(p => double.IsFinite(p.First) && double.IsFinite(p.Second)).ToArray();
            if (points.Length == 0) continue;
            var line = plot.Add.ScatterLine(points.Select(p => p.First).ToArray(), points.Select(p => p.Second).ToArray(), series.Color.ToScottPlot());
            line.LegendText = series.Name;
            line.LineWidth = series.Width;
            line.LinePattern = series.Dashed ? LinePattern.Dashed : LinePattern.Solid;
            line.MarkerShape = series.MarkerSize > 0 ? MarkerShape.FilledCircle : MarkerShape.None;
            line.MarkerSize = series.MarkerSize;
            if (series.RightAxis) line.Axes.YAxis = plot.Axes.Right;
        }
        plot.XLabel(XTitle);
        plot.YLabel(LeftTitle);
        if (RightTitle is not null) plot.Axes.Right.Label.Text = RightTitle;
        plot.Grid.MajorLinePattern = LinePattern.Dotted;
        plot.ShowLegend(Edge.Right);
        plot.Axes.AutoScale();
        if (RightRange is { } range) plot.Axes.SetLimitsY(range.Minimum, range.Maximum, plot.Axes.Right);
    }
}

/// <summary>One line of a <see cref="LineChart"/>.</summary>
internal sealed record LineSeries(string Name, PlotColor Color, double[] Xs, double[] Ys)
{
    /// <summary>Line width in pixels.</summary>
    public float Width { get; init; } = 1;

    public bool Dashed { get; init; }

    /// <summary>Diameter of a filled circle at each point in pixels; 0: no markers.</summary>
    public float MarkerSize { get; init; }

    /// <summary>Drawn against the chart's right axis instead of the left.</summary>
    public bool RightAxis { get; init; }
}
