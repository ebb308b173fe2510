using RedDino.MLNet.Datasets;
using RedDino.Tests.Shared;

namespace RedDino.MLNet.Tests.Datasets;

[TestClass]
public sealed class ManifestValidatorTests
{
    private static string Folder()
    {
        var folder = RepoPaths.NewTempFolder("validate");
        for (var i = 0; i < 4; i++) ReplicaTrees.WritePng(Path.Combine(folder, $"img{i}.png"), 20, 10);
        File.WriteAllText(Path.Combine(folder, "broken.png"), "not an image");
        return folder;
    }

    private static ManifestValidationReport Validate(string csv, int folds = 2)
    {
        var folder = Folder();
        var path = Path.Combine(folder, "manifest.csv");
        File.WriteAllText(path, csv);
        return ManifestValidator.Validate(path, folds);
    }

    [TestMethod]
    public void CleanManifestIsValid()
    {
        var report = Validate("path,label,crop_x,crop_y,crop_w,crop_h\nimg0.png,a,-5,-5,10,10\nimg1.png,a,0,0,20,10\nimg2.png,b,,,,\nimg3.png,b,15,5,10,10\n");
        Assert.IsTrue(report.IsValid, report.ToText());
        Assert.AreEqual(4, report.Rows);
        StringAssert.EndsWith(report.ToText().TrimEnd(), "OK");
    }

    [TestMethod]
    public void MissingFileIsReportedWithItsLine()
    {
        var report = Validate("path,label\nimg0.png,a\nimg1.png,a\nmissing.png,b\nimg2.png,b\n");
        var issue = report.Issues.Single();
        Assert.AreEqual(ManifestIssueKind.MissingFile, issue.Kind);
        Assert.AreEqual(4, issue.Line);
        StringAssert.Contains(issue.Message, "missing.png");
        Assert.IsFalse(report.IsValid);
    }

    [TestMethod]
    public void UnreadableImageIsReported()
    {
        var report = Validate("path,label\nimg0.png,a\nbroken.png,a\n");
        Assert.AreEqual(ManifestIssueKind.UnreadableImage, report.Issues.Single().Kind);
        StringAssert.Contains(report.Issues.Single().Message, "broken.png");
    }

    [TestMethod]
    public void ClassSmallerThanFoldCountIsNamed()
    {
        var report = Validate("path,label\nimg0.png,a\nimg1.png,a\nimg2.png,a\nimg3.png,rare\n", folds: 3);
        var issue = report.Issues.Single();
        Assert.AreEqual(ManifestIssueKind.ClassSmallerThanFolds, issue.Kind);
        StringAssert.Contains(issue.Message, "'rare' has 1 row(s), fewer than the 3 folds");
    }

    [TestMethod]
    public void DuplicatesEmptyLabelsAndBadCropBoxesAreAllReportedAtOnce()
    {
        var report = Validate(
            "path,label,crop_x,crop_y,crop_w,crop_h\n" +
            "img0.png,a,0,0,5,5\n" +    // line 2
            "img0.png,a,0,0,5,5\n" +    // line 3: duplicate of line 2
            "img1.png,,0,0,5,5\n" +     // line 4: empty label
            "img1.png,b,x,0,5,5\n" +    // line 5: crop_x not an integer
            "img2.png,b,0,0,0,5\n" +    // line 6: empty box
            "img3.png,b,20,0,5,5\n" +   // line 7: starts past the right edge (image is 20 wide)
            "img3.png,b,-5,-5,5,5\n");  // line 8: ends before the top-left corner
        var byKind = report.Issues.GroupBy(i => i.Kind).ToDictionary(g => g.Key, g => g.Select(i => i.Line).ToArray());

        CollectionAssert.AreEqual(new int?[] { 3 }, byKind[ManifestIssueKind.DuplicateRow]);
        CollectionAssert.AreEqual(new int?[] { 4 }, byKind[ManifestIssueKind.EmptyLabel]);
        CollectionAssert.AreEqual(new int?[] { 5, 6, 7, 8 }, byKind[ManifestIssueKind.BadCropBox]);
        var text = report.ToText();
        StringAssert.Contains(text, "error: bad crop boxes: 4");
        StringAssert.Contains(text, "INVALID");
    }

    [TestMethod]
    public void BombsAndCropsAboveThePixelLimitAreReported()
    {
        using var scratch = new ScratchFolder();
        ReplicaTrees.WritePng(scratch.File("img.png"), 20, 10);
        File.WriteAllBytes(scratch.File("bomb.png"), BombFiles.Png(60000, 60000));
        File.WriteAllBytes(scratch.File("bomb.tif"), BombFiles.Tiff(100000, 100000));
        var path = scratch.File("manifest.csv");
        File.WriteAllText(path, "path,label,crop_x,crop_y,crop_w,crop_h\nimg.png,a,,,,\nbomb.png,a,,,,\nimg.png,b,0,0,30000,30000\nbomb.tif,b,,,,\nimg.png,b,0,0,10,10\n");
        var report = ManifestValidator.Validate(path, folds: 2);
        var unreadable = report.Issues.Where(i => i.Kind == ManifestIssueKind.UnreadableImage).ToArray();
        CollectionAssert.AreEqual(new int?[] { 3, 5 }, unreadable.Select(i => i.Line).ToArray());
        StringAssert.Contains(unreadable[0].Message, "60000x60000 = 3,600,000,000 pixels, more than the limit of 89,478,485");
        var crop = report.Issues.Single(i => i.Kind == ManifestIssueKind.BadCropBox);
        Assert.AreEqual(4, crop.Line);
        StringAssert.Contains(crop.Message, "900,000,000 pixels, more than the limit");
        // The limit is the same setting embedding uses: at 199 pixels the 20x10 image is too large too (reported once, at its first row).
        CollectionAssert.AreEqual(new int?[] { 2, 3, 5 }, ManifestValidator.Validate(path, folds: 2, maxImagePixels: 199).Issues
            .Where(i => i.Kind == ManifestIssueKind.UnreadableImage).Select(i => i.Line).ToArray());
    }

    [TestMethod]
    public void ALatin1ManifestIsRefusedNamingTheLine()
    {
        using var scratch = new ScratchFolder();
        var path = scratch.File("manifest.csv");
        File.WriteAllBytes(path, System.Text.Encoding.Latin1.GetBytes("path,label\na.png,café\nb.png,cafè\n"));
        StringAssert.StartsWith(Assert.ThrowsExactly<InvalidDataException>(() => ManifestValidator.Validate(path)).Message, $"{path}, line 2: not valid UTF-8");
    }

    [TestMethod]
    public void HeaderWithoutPathIsOneIssue()
    {
        var report = Validate("file,label\nimg0.png,a\n");
        Assert.AreEqual(ManifestIssueKind.BadHeader, report.Issues.Single().Kind);
        Assert.IsFalse(report.IsValid);
    }
}
