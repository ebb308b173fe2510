using RedDino.MLNet.Datasets;

namespace RedDino.MLNet.Tests.Datasets;

[TestClass]
public sealed class ElsaftyManifestBuilderTests
{
    // The published layout: one folder per shape class, "Slide (N)" in every file name.
    private static string Replica() => ReplicaTrees.Folders(new Dictionary<string, string[]>
    {
        ["Angled"] = ["Slide (1) cell 3.png", "Slide (12) cell 1.png"],
        ["Rounded"] = ["Slide (2) cell 7.png", "Slide (1) cell 9.png"],
        ["Teardrops"] = ["Slide (25) cell 2.png"],
    });

    [TestMethod]
    public void SourcesFileMapsSlidesToAcquisitionGroups()
    {
        var root = Replica();
        var sources = Path.Combine(root, "..", Path.GetFileName(root) + "-slides.csv");
        File.WriteAllText(sources, "slide,source\n1,group1\n2,group1\nSlide (12),group3\n25,group4\n");
        var result = ElsaftyManifestBuilder.Build(root, sources, root);
        var rows = result.Manifest.Rows;

        CollectionAssert.AreEqual(new[] { "Angled/Slide (1) cell 3.png", "Angled/Slide (12) cell 1.png", "Rounded/Slide (1) cell 9.png", "Rounded/Slide (2) cell 7.png", "Teardrops/Slide (25) cell 2.png" },
            rows.Select(r => r.Path).ToArray());
        CollectionAssert.AreEqual(new[] { "group1", "group3", "group1", "group1", "group4" }, rows.Select(r => r.Source).ToArray());
        CollectionAssert.AreEqual(new[] { "1", "12", "1", "2", "25" }, rows.Select(r => r.Extra!["slide"]).ToArray());
        Assert.IsEmpty(result.Warnings);
    }

    [TestMethod]
    public void WithoutSourcesEverySlideIsItsOwnSourceAndTheBuilderSaysSo()
    {
        var result = ElsaftyManifestBuilder.Build(Replica());
        CollectionAssert.AreEqual(new[] { "slide_1", "slide_12", "slide_1", "slide_2", "slide_25" }, result.Manifest.Rows.Select(r => r.Source).ToArray());
        Assert.HasCount(1, result.Warnings);
        StringAssert.Contains(result.Warnings[0], "every slide is its own source (4 sources)");
    }

    [TestMethod]
    public void SlideMissingFromTheSourcesFileIsNamed()
    {
        var root = Replica();
        var sources = Path.Combine(RedDino.Tests.Shared.RepoPaths.NewTempFolder(), "slides.csv");
        File.WriteAllText(sources, "slide,source\n1,g1\n2,g1\n12,g2\n");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => ElsaftyManifestBuilder.Build(root, sources));
        StringAssert.Contains(e.Message, "slide 25");
        StringAssert.Contains(e.Message, "Teardrops/Slide (25) cell 2.png");
    }

    [TestMethod]
    public void FileWithoutSlideNumberIsNamed()
    {
        var root = ReplicaTrees.Folders(new Dictionary<string, string[]> { ["Burr"] = ["Slide (3) a.png", "cell b.png"] });
        var e = Assert.ThrowsExactly<InvalidDataException>(() => ElsaftyManifestBuilder.Build(root));
        StringAssert.Contains(e.Message, "Burr/cell b.png");
    }

    [TestMethod]
    public void BadSourcesFileNamesTheRow()
    {
        var sources = Path.Combine(RedDino.Tests.Shared.RepoPaths.NewTempFolder(), "slides.csv");
        File.WriteAllText(sources, "slide,source\n1,g1\nfirst,g2\n");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => ElsaftyManifestBuilder.ReadSources(sources));
        StringAssert.Contains(e.Message, "row 2");
        File.WriteAllBytes(sources, System.Text.Encoding.Latin1.GetBytes("slide,source\n1,Zürich\n"));
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => ElsaftyManifestBuilder.ReadSources(sources)).Message, "line 2: not valid UTF-8");
        File.WriteAllText(sources, "slide,group\n1,g1\n");
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => ElsaftyManifestBuilder.ReadSources(sources)).Message, "'source'");
    }
}
