using RedDino.MLNet.Datasets;

namespace RedDino.MLNet.Tests.Datasets;

[TestClass]
public sealed class FolderManifestBuilderTests
{
    // The 8 classes of the DSE card (data-manifests/dse.json), a few images each.
    private static readonly string[] DseClasses =
        ["discocyte", "echinocyte_1", "echinocyte_2", "echinocyte_3", "spherocyte", "spheroechinocyte", "stomatocyte_1", "stomatocyte_2"];

    [TestMethod]
    public void DseReplicaGivesOneRowPerImageLabelledByFolder()
    {
        var root = ReplicaTrees.Folders(DseClasses.ToDictionary(c => c, c => new[] { $"{c}_b.png", $"{c}_a.png", "readme.txt" }));
        var result = FolderManifestBuilder.Build(root, new FolderManifestOptions { PathsRelativeTo = root });
        var rows = result.Manifest.Rows;

        Assert.HasCount(16, rows);
        CollectionAssert.AreEqual(DseClasses, rows.Select(r => r.Label).Distinct().ToArray());
        Assert.AreEqual("discocyte/discocyte_a.png", rows[0].Path, "files in ordinal order within a class");
        Assert.AreEqual("discocyte/discocyte_b.png", rows[1].Path);
        Assert.IsTrue(rows.All(r => r.Source is null));
        Assert.HasCount(8, result.Warnings, "one note per class folder about the skipped text file");
    }

    [TestMethod]
    public void SourceRegexTakesTheFirstGroupOfTheRelativePath()
    {
        var root = ReplicaTrees.Folders(new Dictionary<string, string[]>
        {
            ["normal"] = ["siteA/p1.png", "siteB/p2.png"],
            ["target"] = ["siteA/nested/p3.jpg"],
        });
        var rows = FolderManifestBuilder.Build(root, new FolderManifestOptions { SourceRegex = @"/(site\w)/" }).Manifest.Rows;
        CollectionAssert.AreEqual(new[] { "siteA", "siteB", "siteA" }, rows.Select(r => r.Source).ToArray());
        CollectionAssert.AreEqual(new[] { "normal", "normal", "target" }, rows.Select(r => r.Label).ToArray());
    }

    [TestMethod]
    public void ImageTheRegexDoesNotMatchIsNamed()
    {
        var root = ReplicaTrees.Folders(new Dictionary<string, string[]> { ["a"] = ["site1_x.png", "other.png"] });
        var e = Assert.ThrowsExactly<InvalidDataException>(() => FolderManifestBuilder.Build(root, new FolderManifestOptions { SourceRegex = @"site(\d)" }));
        StringAssert.Contains(e.Message, "a/other.png");
    }

    [TestMethod]
    public void InvalidRegexAndEmptyTreeAreClearErrors()
    {
        var root = ReplicaTrees.Folders(new Dictionary<string, string[]> { ["a"] = ["x.png"] });
        var bad = Assert.ThrowsExactly<InvalidDataException>(() => FolderManifestBuilder.Build(root, new FolderManifestOptions { SourceRegex = "(" }));
        StringAssert.Contains(bad.Message, "--source-regex");

        var empty = RedDino.Tests.Shared.RepoPaths.NewTempFolder();
        var none = Assert.ThrowsExactly<InvalidDataException>(() => FolderManifestBuilder.Build(empty));
        StringAssert.Contains(none.Message, "no images");
        Assert.ThrowsExactly<DirectoryNotFoundException>(() => FolderManifestBuilder.Build(Path.Combine(empty, "absent")));
    }
}
