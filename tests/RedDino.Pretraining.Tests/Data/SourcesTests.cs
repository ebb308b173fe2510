using RedDino.Formats.Manifests;
using RedDino.Formats.Imaging;
using RedDino.Pretraining.Data.Imaging;
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
        var boxes = SmearPatches.Grid(640, 480, 224).ToList();
        CollectionAssert.AreEqual(new[] { new CropBox(96, 16, 224, 224), new CropBox(320, 16, 224, 224), new CropBox(96, 240, 224, 224), new CropBox(320, 240, 224, 224) }, boxes);
        // 100 x 300 with P = 112: one column centred on the short side (6 px of padding each side), 2 rows.
        var narrow = SmearPatches.Grid(100, 300, 112).ToList();
        CollectionAssert.AreEqual(new[] { new CropBox(-6, 38, 112, 112), new CropBox(-6, 150, 112, 112) }, narrow);
    }

    [TestMethod]
    public void CropsPastTheBorderReplicateTheEdge()
    {
        var image = ImageTestHelpers.Flat(4, 4, 10, 20, 30);
        (image.Pixels[0], image.Pixels[1], image.Pixels[2]) = ((byte)200, (byte)100, (byte)50);
        var crop = ImageFiles.CropReplicate(image, new CropBox(-2, -2, 4, 4));
        Assert.AreEqual((4, 4), (crop.Width, crop.Height));
        byte[] Pixel(int x, int y) => crop.Pixels.AsSpan((y * 4 + x) * 3, 3).ToArray();
        CollectionAssert.AreEqual(new byte[] { 200, 100, 50 }, Pixel(0, 0), "the corner pixel fills the outside");
        CollectionAssert.AreEqual(new byte[] { 200, 100, 50 }, Pixel(2, 2));
        CollectionAssert.AreEqual(new byte[] { 10, 20, 30 }, Pixel(3, 3));
    }

    /// <summary>Runs <paramref name="body"/> in a fresh temporary folder and deletes it, also when the body fails.</summary>
    private static void InTempFolder(Action<string> body)
    {
        var folder = RepoPaths.NewTempFolder();
        try
        {
            body(folder);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void SmearPatchesLeaveOutListedImages() => InTempFolder(folder =>
    {
        foreach (var name in new[] { "1", "2", "601" })
            PngWriter.Save(ImageTestHelpers.Flat(460, 230, 200, 180, 190), Path.Combine(folder, name + ".png"));
        var list = Path.Combine(folder, "held-out.txt");
        File.WriteAllText(list, "# evaluation smears\n601\n");
        var patches = new SmearPatches(folder, 224, [list]);
        Assert.AreEqual(2, patches.ImageCount);
        Assert.AreEqual(1, patches.ExcludedCount);
        Assert.AreEqual(4, patches.Count, "2 patches per 460 x 230 image");
        Assert.IsFalse(Enumerable.Range(0, patches.Count).Any(i => patches.Describe(i).Contains("601")));
        var p = patches.Load(0);
        Assert.AreEqual((224, 224), (p.Width, p.Height));
        Assert.ThrowsExactly<FileNotFoundException>(() => new SmearPatches(folder, 224, [Path.Combine(folder, "missing.txt")]));
    });

    [TestMethod]
    public void SmearPatchesNameAnUnreadableImage() => InTempFolder(folder =>
    {
        File.WriteAllText(Path.Combine(folder, "broken.png"), "not a png");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => new SmearPatches(folder, 224));
        StringAssert.Contains(e.Message, "broken.png");
    });

    [TestMethod]
    public void SmearCellsFindSeparateDiscsOfCellSize()
    {
        // Pale background, five pink discs of radius 22 (area ~1500 px, one with a pale centre),
        // one clump of two touching discs (too large), one speck (too small) and one disc cut by the border.
        InTempFolder(folder =>
        {
            var smear = (Raster)ImageTestHelpers.Flat(400, 240, 190, 200, 215);
            byte[] pink = [190, 120, 170];
            var centres = new[] { (40, 40), (120, 60), (200, 40), (300, 120), (80, 170) };
            foreach (var (x, y) in centres) CircleRaster.Fill(smear, x, y, 22, pink);
            CircleRaster.Fill(smear, 300, 120, 8, [190, 200, 215]); // a pale centre is no hole in the cell
            CircleRaster.Fill(smear, 220, 180, 22, pink);
            CircleRaster.Fill(smear, 258, 180, 22, pink);
            CircleRaster.Fill(smear, 360, 40, 3, pink);
            CircleRaster.Fill(smear, 395, 200, 22, pink);
            PngWriter.Save(smear.ToRgb(), Path.Combine(folder, "1.png"));

            var found = SmearCells.Detect(Path.Combine(folder, "1.png"), 700, 2600);
            Assert.HasCount(centres.Length, found);
            foreach (var (x, y) in centres)
                Assert.IsTrue(found.Any(f => Math.Abs(f.X - x) <= 1 && Math.Abs(f.Y - y) <= 1), $"cell at {x},{y}");

            var cells = new SmearCells(folder, 80, 700, 2600);
            Assert.AreEqual(5, cells.Count);
            var crop = cells.Load(0);
            Assert.AreEqual((80, 80), (crop.Width, crop.Height));
            CollectionAssert.AreEqual(pink, crop.Pixels.AsSpan((40 * 80 + 40) * 3, 3).ToArray(), "RGB of the disc at the crop centre");
        });
    }
}
