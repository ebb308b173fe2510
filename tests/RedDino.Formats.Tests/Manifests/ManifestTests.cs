using RedDino.Formats.Manifests;
using RedDino.Tests.Shared;

namespace RedDino.Formats.Tests.Manifests;

[TestClass]
public sealed class ManifestTests
{
    private readonly ScratchFolder _scratch = new();

    [TestCleanup]
    public void DeleteScratch() => _scratch.Dispose();

    private string WriteCsv(string text)
    {
        var path = _scratch.File($"manifest-{Guid.NewGuid():N}.csv");
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
        var copy = _scratch.File("copy.csv");
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
        StringAssert.Contains(e.Message, "row 2");
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
    [DataRow("2147483647,0,5,5", "crop box 2147483647,0,5,5 ends past 2147483647")]
    [DataRow("0,2147483640,5,8", "crop box 0,2147483640,5,8 ends past 2147483647")]
    [DataRow("0,0,inf,5", "'crop_w' is not an integer: 'inf'")]
    [DataRow("0,0,1e3,5", "'crop_w' is not an integer: '1e3'")]
    [DataRow("0,0,5,-4", "crop box 5x-4 must be at least 1x1")]
    [DataRow("0,0,99999999999,5", "'crop_w' is not an integer")]
    public void CropBoxesThatCannotWorkAreRefused(string crop, string expected)
    {
        var path = WriteCsv($"path,crop_x,crop_y,crop_w,crop_h\na.jpg,0,0,4,4\nb.jpg,{crop}\n");
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => Manifest.Read(path)).Message, $"{path}, row 2: {expected}");
    }

    [TestMethod]
    public void KeepingBadRowsKeepsTheirNumberColumnsAndProblem()
    {
        var path = WriteCsv("path,label,crop_x,crop_y,crop_w,crop_h,note\na.jpg,x,0,0,4,4,n1\nb.jpg,y,0,0,abc,4,n2\n,z,,,,,n3\n");
        var manifest = Manifest.Read(path, keepBadRows: true);
        Assert.HasCount(3, manifest.Rows);
        Assert.IsNull(manifest.Rows[0].Problem);
        Assert.AreEqual("'crop_w' is not an integer: 'abc'", manifest.Rows[1].Problem);
        Assert.AreEqual("y", manifest.Rows[1].Label);
        Assert.IsNull(manifest.Rows[1].Crop);
        Assert.AreEqual("abc", Manifest.ValueOf(manifest.Rows[1], ManifestColumns.CropW), "the file's text is kept for reports");
        Assert.AreEqual("n2", manifest.Rows[1].Extra!["note"]);
        Assert.AreEqual("empty 'path'", manifest.Rows[2].Problem);
        Assert.ThrowsExactly<InvalidDataException>(() => Manifest.Read(path));
    }

    [TestMethod]
    public void MissingFileIsFileNotFound() =>
        Assert.ThrowsExactly<FileNotFoundException>(() => Manifest.Read(Path.Combine(RepoPaths.NewTempFolder(), "none.csv")));
}
