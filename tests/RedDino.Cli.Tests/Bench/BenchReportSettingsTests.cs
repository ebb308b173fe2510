using RedDino.Cli.Bench;
using RedDino.Cli.Reports;
using RedDino.Tests.Shared;

namespace RedDino.Cli.Tests.Bench;

/// <summary>The bench's <c>report</c> settings: defaults, overrides and errors that name the key.</summary>
[TestClass]
public sealed class BenchReportSettingsTests
{
    private static string _folder = "";
    private static string _pipeline = "";

    [ClassInitialize]
    public static void WritePipeline(TestContext _)
    {
        _folder = RepoPaths.NewTempFolder("report-settings");
        _pipeline = Path.Combine(_folder, "p.json");
        File.WriteAllText(_pipeline, """{"kind": "bench", "name": "m", "dataset": "m.csv", "backbones": [{"name": "a", "builtin": "resnet18-imagenet"}]}""");
    }

    [ClassCleanup]
    public static void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [TestMethod]
    public void DefaultsAreUmapAndAGalleryOfThreeCellsPerClassWithFiveNeighbours()
    {
        var pipeline = BenchPipelineReader.Read(_pipeline);
        Assert.AreEqual(new ReportSettings(), pipeline.Report);
        Assert.AreEqual((ReportMapKind.Umap, 3, 5, 50_000), (pipeline.Report.Map, pipeline.Report.GalleryPerClass, pipeline.Report.GalleryNeighbors, pipeline.Report.MapMaxRows));
        Assert.AreEqual("umap", pipeline.Settings["report"]!["map"]!.GetValue<string>(), "run.json records the report settings");
    }

    [TestMethod]
    public void SetOverridesEachReportSetting()
    {
        var pipeline = BenchPipelineReader.Read(_pipeline, ["report.map=both", "report.gallery_per_class=0", "report.gallery_neighbors=8", "report.map_max_rows=1000"]);
        Assert.AreEqual(new ReportSettings { Map = ReportMapKind.Both, GalleryPerClass = 0, GalleryNeighbors = 8, MapMaxRows = 1000 }, pipeline.Report);
        Assert.IsTrue(pipeline.Report.DrawsPca && pipeline.Report.DrawsUmap);
        Assert.IsFalse(BenchPipelineReader.Read(_pipeline, ["report.map=pca"]).Report.DrawsUmap);
    }

    [TestMethod]
    [DataRow("report.map=tsne", "--set report.map=tsne: 'report.map': unknown value 'tsne' (use umap, pca, both)")]
    [DataRow("report.gallery_per_class=-1", "--set report.gallery_per_class=-1: 'report.gallery_per_class': must be 0 (no gallery) or more, found -1")]
    [DataRow("report.gallery_neighbors=0", "--set report.gallery_neighbors=0: 'report.gallery_neighbors': must be in 1..20, found 0")]
    [DataRow("report.gallery_neighbors=21", "'report.gallery_neighbors': must be in 1..20, found 21")]
    [DataRow("report.map_max_rows=2", "--set report.map_max_rows=2: 'report.map_max_rows': must be at least 3, found 2")]
    [DataRow("report.gallery_per_class=1.5", "'report.gallery_per_class': must be a whole number, found 1.5")]
    [DataRow("report.colour=class", "'report.colour': unknown field")]
    public void BadReportSettingsNameTheKey(string assignment, string expected)
    {
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => BenchPipelineReader.Read(_pipeline, [assignment])).Message, expected);
    }
}
