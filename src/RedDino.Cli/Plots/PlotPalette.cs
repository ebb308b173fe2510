namespace RedDino.Cli.Plots;

/// <summary>Distinct colours for classes, sources and series (Tableau 20 order: strong colours first;
/// its first ten are the colour-blind-aware Tableau 10). Heatmaps use viridis.</summary>
internal static class PlotPalette
{
    private static readonly PlotColor[] Colors =
    [
        new(31, 119, 180), new(255, 127, 14), new(44, 160, 44), new(214, 39, 40),
        new(148, 103, 189), new(140, 86, 75), new(227, 119, 194), new(127, 127, 127),
        new(188, 189, 34), new(23, 190, 207), new(174, 199, 232), new(255, 187, 120),
        new(152, 223, 138), new(255, 152, 150), new(197, 176, 213), new(196, 156, 148),
        new(247, 182, 210), new(199, 199, 199), new(219, 219, 141), new(158, 218, 229),
    ];

    /// <summary>How many distinct colours <see cref="Color"/> gives before it repeats.</summary>
    public static int Count => Colors.Length;

    public static PlotColor Color(int index) => Colors[index % Colors.Length];
}
