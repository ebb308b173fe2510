using OpenCvSharp;
using RedDino.Pretraining.Data.Sources;
using RedDino.Tests.Shared;

namespace RedDino.Pretraining.Tests.Data;

[TestClass]
public sealed class SourcesTests
{
    [TestMethod]
    public void PatchGridIsCentredAndSmallSidesArePadded()
    {
        // 640 x 480 with P = 224: 2 x 2 patches, margins (640 - 448) / 2 = 96 and (480 - 448) / 2 = 16.
        var boxes = SmearPatches.Grid(new Size(640, 480), 224).ToList();
        CollectionAssert.AreEqual(new[] { new Rect(96, 16, 224, 224), new Rect(320, 16, 224, 224), new Rect(96, 240, 224, 224), new Rect(320, 240, 224, 224) }, boxes);
        // 100 x 300 with P = 112: one column centred on the short side (6 px of padding each side), 2 rows.
        var narrow = SmearPatches.Grid(new Size(100, 300), 112).ToList();
        CollectionAssert.AreEqual(new[] { new Rect(-6, 38, 112, 112), new Rect(-6, 150, 112, 112) }, narrow);
    }

    [TestMethod]
    public void CropsPastTheBorderReplicateTheEdge()
    {
        using var image = new Mat(4, 4, MatType.CV_8UC3, new Scalar(10, 20, 30));
        image.Set(0, 0, new Vec3b(200, 100, 50));
        using var crop = ImageFiles.CropReplicate(image, new Rect(-2, -2, 4, 4));
        Assert.AreEqual(new Size(4, 4), crop.Size());
        Assert.AreEqual(new Vec3b(200, 100, 50), crop.At<Vec3b>(0, 0), "the corner pixel fills the outside");
        Assert.AreEqual(new Vec3b(200, 100, 50), crop.At<Vec3b>(2, 2));
        Assert.AreEqual(new Vec3b(10, 20, 30), crop.At<Vec3b>(3, 3));
    }

    [TestMethod]
    public void SmearPatchesLeaveOutListedImages()
    {
        var folder = RepoPaths.NewTempFolder();
        foreach (var name in new[] { "1", "2", "601" })
        {
            using var m = new Mat(230, 460, MatType.CV_8UC3, new Scalar(200, 180, 190));
            Cv2.ImWrite(Path.Combine(folder, name + ".png"), m);
        }
        var list = Path.Combine(folder, "held-out.txt");
        File.WriteAllText(list, "# evaluation smears\n601\n");
        var patches = new SmearPatches(folder, 224, [list]);
        Assert.AreEqual(2, patches.ImageCount);
        Assert.AreEqual(1, patches.ExcludedCount);
        Assert.AreEqual(4, patches.Count, "2 patches per 460 x 230 image");
        Assert.IsFalse(Enumerable.Range(0, patches.Count).Any(i => patches.Describe(i).Contains("601")));
        using var p = patches.Load(0);
        Assert.AreEqual(new Size(224, 224), p.Size());
        Assert.ThrowsExactly<FileNotFoundException>(() => new SmearPatches(folder, 224, [Path.Combine(folder, "missing.txt")]));
    }

    [TestMethod]
    public void SmearCellsFindSeparateDiscsOfCellSize()
    {
        // Pale background, five pink discs of radius 22 (area ~1500 px), one clump of two touching
        // discs (too large), one speck (too small) and one disc cut by the border.
        var folder = RepoPaths.NewTempFolder();
        using var smear = new Mat(240, 400, MatType.CV_8UC3, new Scalar(215, 200, 190)); // BGR: pale blue-grey
        var centres = new[] { new Point(40, 40), new Point(120, 60), new Point(200, 40), new Point(300, 120), new Point(80, 170) };
        var pink = new Scalar(170, 120, 190);
        foreach (var c in centres) Cv2.Circle(smear, c, 22, pink, -1);
        Cv2.Circle(smear, new Point(220, 180), 22, pink, -1);
        Cv2.Circle(smear, new Point(258, 180), 22, pink, -1);
        Cv2.Circle(smear, new Point(360, 40), 3, pink, -1);
        Cv2.Circle(smear, new Point(395, 200), 22, pink, -1);
        Cv2.ImWrite(Path.Combine(folder, "1.png"), smear);

        var found = SmearCells.Detect(Path.Combine(folder, "1.png"), 700, 2600);
        Assert.HasCount(centres.Length, found);
        foreach (var c in centres)
            Assert.IsTrue(found.Any(f => Math.Abs(f.X - c.X) <= 1 && Math.Abs(f.Y - c.Y) <= 1), $"cell at {c}");

        var cells = new SmearCells(folder, 80, 700, 2600);
        Assert.AreEqual(5, cells.Count);
        using var crop = cells.Load(0);
        Assert.AreEqual(new Size(80, 80), crop.Size());
        var centre = crop.At<Vec3b>(40, 40);
        Assert.AreEqual(new Vec3b(190, 120, 170), centre, "RGB of the disc at the crop centre");
    }
}
