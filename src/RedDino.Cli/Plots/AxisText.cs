using ScottPlot;

namespace RedDino.Cli.Plots;

/// <summary>Tick-label layout shared by the chart kinds.</summary>
internal static class AxisText
{
    /// <summary>Slants an x axis' tick labels by 45 degrees (long class names stay readable and apart) and
    /// makes the axis tall enough for the longest one.</summary>
    public static void SlantTickLabels(IXAxis axis, IReadOnlyList<string> labels)
    {
        axis.TickLabelStyle.Rotation = 45;
        axis.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        using var paint = Paint.NewDisposablePaint();
        var widest = labels.Count == 0 ? 0 : labels.Max(l => axis.TickLabelStyle.Measure(l, paint).Size.Width);
        axis.MinimumSize = widest * MathF.Sin(MathF.PI / 4) + 40;
    }
}
