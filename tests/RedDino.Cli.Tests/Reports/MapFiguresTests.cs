using RedDino.Cli.Reports;
using RedDino.Formats.Metrics;
using RedDino.MLNet.Embeddings;

namespace RedDino.Cli.Tests.Reports;

[TestClass]
public sealed class MapFiguresTests
{
    private static string _folder = "";
    private static MetricsDocument _document = null!;
    private static readonly Dictionary<string, EmbeddingSet> Sets = new(StringComparer.Ordinal);

    [ClassInitialize]
    public static void ReadInputs(TestContext _)
    {
        _folder = ReportInputs.ResultsFolder();
        _document = MetricsJsonFile.Read(Path.Combine(_folder, "metrics.json"));
        foreach (var backbone in _document.Backbones)
            Sets[backbone.Name] = EmbeddingSet.Read(ReportWriter.EmbeddingsPath(_folder, backbone.Name));
    }

    [ClassCleanup]
    public static void DeleteInputs() => Directory.Delete(_folder, recursive: true);

    private static MapFigures.Output Make(ReportSettings settings, string? batchColumn = null) =>
        MapFigures.Make(_document, name => Sets.GetValueOrDefault(name), new ReportContext("t") { Settings = settings, BatchColumn = batchColumn });

    private static List<string> Column(MapFigures.Output output, int table, string name)
    {
        var lines = output.Tables[table].Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r').Split(',')).ToList();
        var index = Array.IndexOf(lines[0], name);
        Assert.IsGreaterThanOrEqualTo(0, index, $"column {name}");
        return lines.Skip(1).Select(l => l[index]).ToList();
    }

    /// <summary>The same seed gives byte-identical coordinates and pictures; another seed another UMAP (PCA has no seed).</summary>
    [TestMethod]
    public void TheSameSeedGivesTheSameMapsAndAnotherSeedAnotherUmap()
    {
        var settings = new ReportSettings { Map = ReportMapKind.Both, Seed = 5 };
        var first = Make(settings);
        var again = Make(settings);
        var other = Make(settings with { Seed = 6 });

        Assert.HasCount(2, first.Tables);
        for (var t = 0; t < first.Tables.Count; t++)
        {
            Assert.AreEqual(first.Tables[t], again.Tables[t], "same seed, same coordinates");
            CollectionAssert.AreNotEqual(Column(first, t, "umap_x"), Column(other, t, "umap_x"), "another seed moves the UMAP");
            CollectionAssert.AreEqual(Column(first, t, "pca_x"), Column(other, t, "pca_x"), "PCA does not depend on the seed");
        }
        for (var f = 0; f < first.Figures.Count; f++)
            CollectionAssert.AreEqual(first.Figures[f].Png, again.Figures[f].Png, $"{first.Figures[f].File}: same picture");
    }

    [TestMethod]
    public void BothDrawsUmapAndPcaByClassAndBySourceForEachBackbone()
    {
        var output = Make(new ReportSettings { Map = ReportMapKind.Both });
        CollectionAssert.AreEqual(new[]
        {
            "plots/umap-resnet18-imagenet-class.png", "plots/umap-resnet18-imagenet-source.png", "plots/pca-resnet18-imagenet-class.png", "plots/pca-resnet18-imagenet-source.png",
            "plots/umap-reddino_nano-class.png", "plots/umap-reddino_nano-source.png", "plots/pca-reddino_nano-class.png", "plots/pca-reddino_nano-source.png",
        }, output.Figures.Select(f => f.File).ToArray());
        Assert.IsTrue(output.Figures.All(f => f.Half && f.Section == MapFigures.Section));
        foreach (var figure in output.Figures) ReportWriterTests.AssertNonBlankImage(figure.Png);
        Assert.AreEqual(("plots/map-reddino_nano.csv", "row,path,label,source,umap_x,umap_y,pca_x,pca_y"), (output.Tables[1].File, output.Tables[1].Text.Split('\n')[0].TrimEnd('\r')));
        StringAssert.StartsWith(output.Figures.Single(f => f.File == "plots/pca-reddino_nano-source.png").Caption, "reddino nano: PCA of the embeddings by source (source); 60 images");

        var pcaOnly = Make(new ReportSettings { Map = ReportMapKind.Pca });
        CollectionAssert.AreEqual(new[] { "pca-resnet18-imagenet-class", "pca-resnet18-imagenet-source", "pca-reddino_nano-class", "pca-reddino_nano-source" },
            pcaOnly.Figures.Select(f => Path.GetFileNameWithoutExtension(f.File)).ToArray());
    }

    [TestMethod]
    public void MoreRowsThanMapMaxRowsAreStridedAndTheCaptionSaysSo()
    {
        var output = Make(new ReportSettings { MapMaxRows = 25 });
        // 60 rows, at most 25: one row in 3 (rows 0, 3, ..., 57).
        var rows = Column(output, 0, "row").Select(int.Parse).ToArray();
        CollectionAssert.AreEqual(Enumerable.Range(0, 20).Select(i => 3 * i).ToArray(), rows);
        StringAssert.Contains(output.Figures[0].Caption, "20 of 60 images (one row in 3)");
        Assert.AreEqual(1, MapFigures.Stride(50_000, 50_000));
        Assert.AreEqual(2, MapFigures.Stride(50_001, 50_000));
    }

    /// <summary>The source colouring follows the run's batch column, else source; none for a column the rows
    /// lack or hold one value of.</summary>
    [TestMethod]
    public void TheSourceMapsFollowTheRunsBatchColumn()
    {
        var set = Sets["resnet18-imagenet"];
        Assert.AreEqual("source", MapFigures.BatchColumn(_document, set, new ReportContext("t")), "default: source");
        Assert.AreEqual("label", MapFigures.BatchColumn(_document, set, new ReportContext("t") { BatchColumn = "label" }), "the run's column");
        Assert.IsNull(MapFigures.BatchColumn(_document, set, new ReportContext("t") { BatchColumn = "scanner" }), "a column the rows lack");
        var oneSource = new EmbeddingSet(new RedDino.Formats.Manifests.Manifest(set.Manifest.Rows.Select(r => r with { Source = "siteA" }).ToList()), set.Values, set.Info);
        Assert.IsNull(MapFigures.BatchColumn(_document, oneSource, new ReportContext("t")), "one source: nothing to colour by");
        Assert.HasCount(2, Make(new ReportSettings(), batchColumn: "scanner").Figures, "class maps only");
    }

}
