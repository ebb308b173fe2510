using RedDino.Formats.Manifests;
using RedDino.Tests.Shared;

namespace RedDino.Formats.Tests.Manifests;

[TestClass]
public sealed class ManifestTests
{
    private static string WriteCsv(string text)
    {
        var path = Path.Combine(RepoPaths.NewTempFolder(), "manifest.csv");
        File.WriteAllText(path, text);
        return path;
    }

    [TestMethod]
    public void ReadsKnownAndPassThroughColumnsInOrder()
    {
        var path = WriteCsv("path,label,source,crop_x,crop_y,crop_w,crop_h,note\nimgs/a.jpg,normal,siteA,-5,10,80,80,\"x, y\"\nb.png,target,,,,,,\n");
        var manifest = Manifest.Read(path);

        Assert.HasCount(2, manifest.Rows);
        CollectionAssert.AreEqual(new[] { "path", "label", "source", "crop_x", "crop_y", "crop_w", "crop_h", "note" }, manifest.Columns.ToArray());
        var a = manifest.Rows[0];
        Assert.AreEqual("imgs/a.jpg", a.Path);
        Assert.AreEqual(new CropBox(-5, 10, 80, 80), a.Crop);
        Assert.AreEqual("x, y", a.Extra!["note"]);
        Assert.IsNull(manifest.Rows[1].Crop);
        Assert.IsNull(manifest.Rows[1].Source);
        Assert.AreEqual(Path.Combine(Path.GetDirectoryName(path)!, "imgs", "a.jpg"), a.ResolvePath(manifest.BaseFolder()));
        Assert.AreEqual("/data/imgs/a.jpg", a.ResolvePath(manifest.BaseFolder("/data")));
    }

    [TestMethod]
    public void WriteThenReadRoundTrips()
    {
        var path = WriteCsv("path,label,crop_x,crop_y,crop_w,crop_h,extra\n\"a,b.jpg\",1,0,0,10,12,q\n");
        var original = Manifest.Read(path);
        var copy = Path.Combine(Path.GetDirectoryName(path)!, "copy.csv");
        original.Write(copy);
        var again = Manifest.Read(copy);
        CollectionAssert.AreEqual(original.Columns.ToArray(), again.Columns.ToArray());
        Assert.AreEqual(original.Rows[0] with { Extra = null }, again.Rows[0] with { Extra = null });
        Assert.AreEqual("q", again.Rows[0].Extra!["extra"]);
    }

    [TestMethod]
    public void MissingPathColumnNamesTheFile()
    {
        var path = WriteCsv("file,label\na.jpg,1\n");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => Manifest.Read(path));
        StringAssert.Contains(e.Message, path);
        StringAssert.Contains(e.Message, "'path'");
    }

    [TestMethod]
    public void BadCropValueNamesRowAndColumn()
    {
        var path = WriteCsv("path,crop_x,crop_y,crop_w,crop_h\na.jpg,0,0,10,10\nb.jpg,0,zero,10,10\n");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => Manifest.Read(path));
        StringAssert.Contains(e.Message, "row 2", "the second data row: the header is not counted");
        StringAssert.Contains(e.Message, "crop_y");
    }

    [TestMethod]
    public void EmptyCropBoxIsRejected()
    {
        var path = WriteCsv("path,crop_x,crop_y,crop_w,crop_h\na.jpg,0,0,0,10\n");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => Manifest.Read(path));
        StringAssert.Contains(e.Message, "row 1");
    }

    [TestMethod]
    public void PartialCropColumnsAreRejected()
    {
        var path = WriteCsv("path,crop_x,crop_y\na.jpg,0,0\n");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => Manifest.Read(path));
        StringAssert.Contains(e.Message, "crop_w");
    }

    [TestMethod]
    public void EmptyPathNamesTheRow()
    {
        var path = WriteCsv("path,label\na.jpg,1\n,2\n");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => Manifest.Read(path));
        StringAssert.Contains(e.Message, "row 2");
    }

    [TestMethod]
    public void MissingFileIsFileNotFound() =>
        Assert.ThrowsExactly<FileNotFoundException>(() => Manifest.Read(Path.Combine(RepoPaths.NewTempFolder(), "none.csv")));
}
