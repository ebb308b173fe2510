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
        // 2 backbones x (1 F1 + 3 confusion + UMAP by class + UMAP by source).
        Assert.HasCount(12, images);
        foreach (var png in images) AssertNonBlankImage(png);
        var files = _written.Where(f => f.EndsWith(".png", StringComparison.Ordinal)).ToList();
        Assert.HasCount(12, files);
        CollectionAssert.Contains(files, "plots/confusion-reddino_nano-knn_20.png");
        foreach (var file in files)
            Assert.IsTrue(images.Any(png => png.SequenceEqual(File.ReadAllBytes(Path.Combine(_folder, file)))), $"{file} is embedded in report.html");
    }

    [TestMethod]
    public void EachBackboneHasAUmapByClassAndOneBySourceWithItsCoordinates()
    {
        var html = File.ReadAllText(Path.Combine(_folder, "report.html"));
        var md = File.ReadAllText(Path.Combine(_folder, "report.md"));
        Assert.IsTrue(html.Contains("<h2>Maps of the embeddings</h2>", StringComparison.Ordinal), "maps section");
        foreach (var (name, safe) in new[] { ("resnet18-imagenet", "resnet18-imagenet"), ("reddino nano", "reddino_nano") })
        {
            foreach (var (suffix, by) in new[] { ("class", "by class"), ("source", "by source (source)") })
            {
                var file = $"plots/umap-{safe}-{suffix}.png";
                CollectionAssert.Contains(_written.ToList(), file);
                var caption = $"{name}: UMAP of the embeddings {by}; 60 images; 15 neighbours, min_dist 0.1, 500 epochs, seed 0 ({file})";
                Assert.IsTrue(html.Contains(caption, StringComparison.Ordinal), caption);
                Assert.IsTrue(md.Contains($"({file})", StringComparison.Ordinal), $"report.md links {file}");
            }
            var map = File.ReadAllLines(Path.Combine(_folder, $"plots/map-{safe}.csv"));
            Assert.AreEqual("row,path,label,source,umap_x,umap_y", map[0]);
            Assert.HasCount(1 + ReportInputs.Rows, map);
            Assert.AreEqual("7,images/img7.png,teardrop,siteA", string.Join(',', map[8].Split(',').Take(4)));
        }
        Assert.IsLessThan(html.IndexOf("<h2>Nearest neighbours</h2>", StringComparison.Ordinal), html.IndexOf("<h2>Maps of the embeddings</h2>", StringComparison.Ordinal), "maps first");
        Assert.IsLessThan(html.IndexOf("<h2>resnet18-imagenet</h2>", StringComparison.Ordinal), html.IndexOf("<h2>Nearest neighbours</h2>", StringComparison.Ordinal), "then the gallery");
    }

    [TestMethod]
    public void TheHtmlIsOneSelfContainedFile()
    {
        var html = File.ReadAllText(Path.Combine(_folder, "report.html"));
        // Every src is an inline image; nothing is linked, imported or scripted.
        var sources = Regex.Matches(html, "src=\"([^\"]*)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.IsGreaterThan(12, sources.Count, "figures and thumbnails");
        foreach (var source in sources) StringAssert.Matches(source, new Regex("^data:image/(png|jpeg);base64,[A-Za-z0-9+/=]+$"));
        foreach (var reference in new[] { "href=", "<link", "<script", "@import", "url(", "<iframe", "<object", "<embed", "srcset" })
            Assert.DoesNotContain(reference, html, $"no {reference}");
    }

    [TestMethod]
    public void GalleryShowsTheCropsAsEmbeddedWithTheirLabels()
    {
        var html = File.ReadAllText(Path.Combine(_folder, "report.html"));
        var md = File.ReadAllText(Path.Combine(_folder, "report.md"));
        StringAssert.Contains(md, "## Nearest neighbours");
        var gallery = html[html.IndexOf("<h2>Nearest neighbours</h2>", StringComparison.Ordinal)..];
        var cells = Regex.Matches(gallery, "<img src=\"data:image/jpeg;base64,([A-Za-z0-9+/=]+)\" alt=\"([^\"]*)\" title=\"row (\\d+): ").ToList();
        // 4 classes x 3 queries, each with 5 neighbours in each of 2 backbones.
        Assert.HasCount(4 * 3 * (1 + 2 * 5), cells);
        foreach (var cell in cells)
        {
            var row = int.Parse(cell.Groups[3].Value) - 1;
            Assert.AreEqual(ReportInputs.Classes[row % 4], cell.Groups[2].Value, "the label under the thumbnail");
            using var bitmap = SKBitmap.Decode(Convert.FromBase64String(cell.Groups[1].Value));
            // Even rows: the 20 x 20 crop box (one colour) scaled up to 64 x 64; odd rows: the whole 40 x 30 image.
            Assert.AreEqual((64, row % 2 == 0 ? 64 : 48), (bitmap.Width, bitmap.Height), $"row {row + 1}");
            var (r, g, b) = ReportInputs.InsideColour(row);
            foreach (var pixel in new[] { bitmap.GetPixel(0, 0), bitmap.GetPixel(bitmap.Width / 2, bitmap.Height / 2), bitmap.GetPixel(bitmap.Width - 1, bitmap.Height - 1) })
                Assert.IsTrue(Math.Abs(pixel.Red - r) <= 8 && Math.Abs(pixel.Green - g) <= 8 && Math.Abs(pixel.Blue - b) <= 8,
                    $"row {row + 1}: {pixel} is the crop's colour {(r, g, b)} (JPEG within 8 levels), not the grey outside it");
        }
        // A neighbour of another class is marked by a sign, not by colour alone (the nano's classes overlap).
        Assert.IsTrue(gallery.Contains("<div class=\"cell other\"><img", StringComparison.Ordinal) && gallery.Contains("<span>≠ ", StringComparison.Ordinal), "marked neighbours");
    }

    /// <summary>Images moved away since the embedding: the report is still written, the gallery says "(no image)"
    /// where a thumbnail would be and a warning names the row; nothing else changes.</summary>
    [TestMethod]
    public void MissingImagesLeaveTheGalleryWithoutThumbnailsNotWithoutAReport()
    {
        var folder = ReportInputs.ResultsFolder();
        try
        {
            Directory.Delete(Path.Combine(folder, "images"), recursive: true);
            var notes = new List<string>();
            ReportWriter.Write(folder, new ReportContext("Bench: moved images", 60) { Log = notes.Add });
            var html = File.ReadAllText(Path.Combine(folder, "report.html"));
            Assert.IsTrue(html.Contains("<span title=\"row ", StringComparison.Ordinal) && html.Contains(">(no image)</span>", StringComparison.Ordinal), "placeholders");
            Assert.DoesNotContain("data:image/jpeg", html);
            Assert.IsTrue(notes.Any(n => n.StartsWith("warning: nearest-neighbour gallery: no thumbnail for row ", StringComparison.Ordinal) && n.Contains("img", StringComparison.Ordinal)),
                string.Join("\n", notes));
            Assert.AreEqual(File.ReadAllText(Path.Combine(_folder, ReportWriter.GalleryFile)), File.ReadAllText(Path.Combine(folder, ReportWriter.GalleryFile)), "the same neighbours");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
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
