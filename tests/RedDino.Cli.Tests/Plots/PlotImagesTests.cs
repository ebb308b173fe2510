using RedDino.Cli.Plots;
using SkiaSharp;

namespace RedDino.Cli.Tests.Plots;

[TestClass]
public sealed class PlotImagesTests
{
    private static readonly string[] Classes = ["Burr cell", "Macrocyte", "Target cell"];

    private static HeatmapChart Heatmap(string title) =>
        new(title, Classes, Classes, new double[,] { { 0.9, 0.1, 0 }, { 0.2, 0.5, 0.3 }, { 0, 0, 1 } },
            new string?[,] { { "90%", "10%", "0%" }, { "20%", "50%", "30%" }, { "0%", "0%", "100%" } }, "true", "predicted", "row rate");

    private static BarChart Bars(string title) =>
        new(title, Classes, [new BarSeries("Linear probe", PlotPalette.Color(0), [0.8, 0.4, null]), new BarSeries("1-NN", PlotPalette.Color(1), [0.6, 0.5, 0.2])], "F1") { Maximum = 1 };

    private static ScatterChart Scatter(string title) =>
        new(title, "PC1", "PC2", [new PointGroup("a (3)", PlotPalette.Color(0), 6, [0, 1, 2], [0, 1, 0]), new PointGroup("b (2)", PlotPalette.Color(1), 6, [3, 4], [2, 3])])
            { LegendTitle = "label" };

    private static LineChart Lines(string title) =>
        new(title, "iteration", "loss", [
            new LineSeries("total", PlotPalette.Color(0), [0, 1, 2, 3], [7, 6.5, double.NaN, 6]),
            new LineSeries("top-1", PlotColor.Black, [0, 3], [0.05, 0.2]) { RightAxis = true, MarkerSize = 8 },
        ]) { RightTitle = "retrieval", RightRange = (0, 0.3) };

    private static Chart Of(string kind, string title) => kind switch
    {
        "heatmap" => Heatmap(title), "bars" => Bars(title), "scatter" => Scatter(title), "lines" => Lines(title),
        _ => throw new ArgumentException(kind),
    };

    [TestMethod]
    [DataRow("heatmap")]
    [DataRow("bars")]
    [DataRow("scatter")]
    [DataRow("lines")]
    public void EveryKindRendersAPngOfTheAskedSizeWithContent(string kind)
    {
        using var bitmap = Decode(PlotImages.Png(Of(kind, $"a {kind}"), 640, 420));
        Assert.AreEqual(640, bitmap.Width);
        Assert.AreEqual(420, bitmap.Height);
        Assert.AreEqual(SKColors.White, bitmap.GetPixel(0, 0), "white background");
        var drawn = bitmap.Pixels.Count(p => p != SKColors.White);
        Assert.IsGreaterThan(bitmap.Pixels.Length / 50, drawn, $"{kind}: enough drawn pixels");
        Assert.IsGreaterThanOrEqualTo(8, bitmap.Pixels.Distinct().Count(), $"{kind}: more than a flat image");
    }

    [TestMethod]
    [DataRow("heatmap")]
    [DataRow("bars")]
    [DataRow("scatter")]
    [DataRow("lines")]
    public void TheTitleIsWrittenAcrossTheTopBand(string kind)
    {
        // The same chart titled with words and with a single "." lays out alike (a title's band is as high
        // as the font's line, whatever its text), so the images differ in the title's glyphs only.
        const string title = "Weighted F1 of every classifier, mean over splits";
        using var titled = Decode(PlotImages.Png(Of(kind, title), 640, 420));
        using var dot = Decode(PlotImages.Png(Of(kind, "."), 640, 420));
        var differing = new List<(int X, int Y)>();
        for (var y = 0; y < titled.Height; y++)
            for (var x = 0; x < titled.Width; x++)
                if (titled.GetPixel(x, y) != dot.GetPixel(x, y)) differing.Add((x, y));
        Assert.IsGreaterThan(300, differing.Count, $"{kind}: the title's glyphs are drawn ({differing.Count} pixels)");
        Assert.IsLessThan(40, differing.Max(p => p.Y), $"{kind}: only the top band differs");
        var span = differing.Max(p => p.X) - differing.Min(p => p.X);
        Assert.IsGreaterThan(250, span, $"{kind}: the title spans the width of its text ({span} px)");
        Assert.IsGreaterThan(100, differing.Count(p => Luminance(titled.GetPixel(p.X, p.Y)) < 128), $"{kind}: dark glyph pixels");
    }

    [TestMethod]
    public void FiguresAskForTheEmbeddedFontAndItAnswers()
    {
        PlotFont.EnsureRegistered();
        Assert.AreEqual("DejaVu Sans", PlotFont.Embedded.FamilyName);
        Assert.IsGreaterThan(3000, PlotFont.Embedded.GlyphCount, "the full DejaVu Sans (Latin, Greek, Cyrillic, symbols)");
        Assert.AreSame(PlotFont.Embedded, ScottPlot.Fonts.GetTypeface(PlotFont.Name, bold: false, italic: false), "the name resolves to the embedded font, whatever the system has");
        Assert.AreSame(PlotFont.Embedded, ScottPlot.Fonts.GetTypeface(PlotFont.Name, bold: true, italic: false));
        Assert.AreEqual(PlotFont.Name, ScottPlot.Fonts.Default);
    }

    [TestMethod]
    public void MismatchedShapesAreRefusedNamingTheChart()
    {
        var bad = new HeatmapChart("bad heatmap", Classes, Classes, new double[2, 3], new string?[3, 3], "t", "p", "r");
        var e = Assert.ThrowsExactly<ArgumentException>(() => PlotImages.Png(bad, 300, 300));
        StringAssert.Contains(e.Message, "bad heatmap");
    }

    private static SKBitmap Decode(byte[] png)
    {
        CollectionAssert.AreEqual(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png.Take(4).ToArray());
        return SKBitmap.Decode(png) ?? throw new AssertFailedException("not a decodable PNG");
    }

    private static double Luminance(SKColor c) => 0.299 * c.Red + 0.587 * c.Green + 0.114 * c.Blue;
}
