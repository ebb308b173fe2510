namespace RedDino.Cli.Plots;

/// <summary>A colour with opacity, independent of the plotting library (figures are described with
/// it; only the chart renderers in this folder translate it).</summary>
internal readonly record struct PlotColor(byte R, byte G, byte B, byte A = 255)
{
    public static PlotColor Black { get; } = new(0, 0, 0);

    public static PlotColor Grey { get; } = new(127, 127, 127);

    public PlotColor WithAlpha(byte alpha) => this with { A = alpha };

    internal ScottPlot.Color ToScottPlot() => new(R, G, B, A);
}
