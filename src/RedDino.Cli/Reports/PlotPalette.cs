using OxyPlot;

namespace RedDino.Cli.Reports;

/// <summary>Distinct colours for classes and sources (Tableau 20 order: strong colours first).</summary>
internal static class PlotPalette
{
    private static readonly OxyColor[] Colors =
    [
        OxyColor.FromRgb(31, 119, 180), OxyColor.FromRgb(255, 127, 14), OxyColor.FromRgb(44, 160, 44), OxyColor.FromRgb(214, 39, 40),
        OxyColor.FromRgb(148, 103, 189), OxyColor.FromRgb(140, 86, 75), OxyColor.FromRgb(227, 119, 194), OxyColor.FromRgb(127, 127, 127),
        OxyColor.FromRgb(188, 189, 34), OxyColor.FromRgb(23, 190, 207), OxyColor.FromRgb(174, 199, 232), OxyColor.FromRgb(255, 187, 120),
        OxyColor.FromRgb(152, 223, 138), OxyColor.FromRgb(255, 152, 150), OxyColor.FromRgb(197, 176, 213), OxyColor.FromRgb(196, 156, 148),
        OxyColor.FromRgb(247, 182, 210), OxyColor.FromRgb(199, 199, 199), OxyColor.FromRgb(219, 219, 141), OxyColor.FromRgb(158, 218, 229),
    ];

    public static OxyColor Color(int index) => Colors[index % Colors.Length];
}
