using System.Text.RegularExpressions;
using RedDino.Cli.Reports;
using SkiaSharp;

namespace RedDino.Cli.Tests.Reports;

[TestClass]
public sealed class ReportWriterTests
{
    private static string _folder = "";
    private static IReadOnlyList<string> _written = [];

    [ClassInitialize]
    public static void WriteReport(TestContext _)
    {
        _folder = ReportInputs.ResultsFolder();
        _written = ReportWriter.Write(_folder, new ReportContext("Bench: test", 60));
    }

    [ClassCleanup]
    public static void DeleteReport() => Directory.Delete(_folder, recursive: true);

    [TestMethod]
    public void MarkdownHasThePaperStyleTablesInPercentWithOneDecimal()
    {
        var md = File.ReadAllText(Path.Combine(_folder, "report.md"));
        // wF1 linear probe of resnet18: splits 0.80, 0.85, 0.90 -> mean 85.0, sample std 5.0.
        StringAssert.Contains(md, "| Backbone | Linear probe | 1-NN | 20-NN |");
        StringAssert.Contains(md, "| resnet18-imagenet | 85.0±5.0 | 72.0±2.0 | 60.0±0.0 |");
        StringAssert.Contains(md, "| reddino nano | 50.0±0.0 | 45.0±5.0 | 30.0±0.0 |");
        var order = new[] { "## Weighted F1 (%)", "## Accuracy (%)", "## Balanced accuracy (%)" }.Select(h => md.IndexOf(h, StringComparison.Ordinal)).ToArray();
        Assert.IsTrue(order[0] >= 0 && order[0] < order[1] && order[1] < order[2], "wF1, then Acc, then bAcc");
        StringAssert.Contains(md, "| resnet18-imagenet | 86.0±5.0 | 73.0±2.0 | 61.0±0.0 |"); // accuracy = wF1 + 1 point
        StringAssert.Contains(md, "60 images, 4 classes; 3-fold stratified cross-validation");
    }

    [TestMethod]
    public void EveryEmbeddedPngIsANonBlankImageOfSensibleSizeAndIsAlsoAFile()
    {
        var html = File.ReadAllText(Path.Combine(_folder, "report.html"));
        var images = Regex.Matches(html, "src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").Select(m => Convert.FromBase64String(m.Groups[1].Value)).ToList();
        // 2 backbones x (1 F1 + 3 confusion) + PCA by class and by source for the one with embeddings.
        Assert.HasCount(10, images);
        foreach (var png in images) AssertNonBlankImage(png);
        var files = _written.Where(f => f.EndsWith(".png", StringComparison.Ordinal)).ToList();
        Assert.HasCount(10, files);
        CollectionAssert.Contains(files, "plots/pca-resnet18-imagenet-source.png");
        CollectionAssert.Contains(files, "plots/confusion-reddino_nano-knn_20.png");
        foreach (var file in files)
            Assert.IsTrue(images.Any(png => png.SequenceEqual(File.ReadAllBytes(Path.Combine(_folder, file)))), $"{file} is embedded in report.html");
        Assert.DoesNotContain("src=\"plots/", html, "the HTML references no external file");
    }

    [TestMethod]
    public void MissingMetricsIsAClearError()
    {
        var empty = RedDino.Tests.Shared.RepoPaths.NewTempFolder();
        var e = Assert.ThrowsExactly<FileNotFoundException>(() => ReportWriter.Write(empty, new ReportContext("x")));
        StringAssert.Contains(e.Message, "metrics.json");
    }

    /// <summary>Decodes the PNG and checks it is at least 300x300 and not a single colour: at least
    /// 1% of its pixels differ from the background and it uses at least 8 distinct colours.</summary>
    internal static void AssertNonBlankImage(byte[] png)
    {
        using var bitmap = SKBitmap.Decode(png);
        Assert.IsNotNull(bitmap, "decodes as an image");
        Assert.IsGreaterThanOrEqualTo(300, bitmap.Width);
        Assert.IsGreaterThanOrEqualTo(300, bitmap.Height);
        Assert.IsLessThanOrEqualTo(4000, bitmap.Width);
        var pixels = bitmap.Pixels;
        var background = pixels[0];
        var differing = pixels.Count(p => p != background);
        Assert.IsGreaterThan(pixels.Length / 100, differing, "enough drawn pixels");
        Assert.IsGreaterThanOrEqualTo(8, pixels.Distinct().Count(), "more than a flat image");
    }
}
