using RedDino.MLNet.Embeddings;
using RedDino.MLNet.Datasets;
using RedDino.Formats.Imaging;
using RedDino.Tests.Shared;
using RedDino.Formats.Manifests;

namespace RedDino.MLNet.Tests.Datasets;

[TestClass]
public sealed class ChulaManifestBuilderTests
{
    [TestMethod]
    public void RowsFollowSmearNumberThenLineOrderWithCentredBoxes()
    {
        var root = ReplicaTrees.Chula((10, "5 6 1\n20 15 0\n"), (2, "30 20 2\n\n1 1 0\n"));
        var manifest = ChulaManifestBuilder.Build(root, new ChulaManifestOptions { CropSize = 8, PathsRelativeTo = root }).Manifest;

        // Smear 2 before smear 10 (integer order), lines in file order; blank lines are skipped but counted.
        Assert.HasCount(4, manifest.Rows);
        CollectionAssert.AreEqual(new[] { "2", "2", "10", "10" }, manifest.Rows.Select(r => r.Extra!["image"]).ToArray());
        CollectionAssert.AreEqual(new[] { "1", "3", "1", "2" }, manifest.Rows.Select(r => r.Extra!["cell"]).ToArray());
        CollectionAssert.AreEqual(new[] { "Microcyte", "Normal cell", "Macrocyte", "Normal cell" }, manifest.Rows.Select(r => r.Label).ToArray());
        Assert.AreEqual("Dataset/2.png", manifest.Rows[0].Path);
        Assert.AreEqual(new CropBox(26, 16, 8, 8), manifest.Rows[0].Crop);
        // A cell at the border keeps its box, which reaches past the image (padded when embedded).
        Assert.AreEqual(new CropBox(-3, -3, 8, 8), manifest.Rows[1].Crop);
        CollectionAssert.AreEqual(new[] { "path", "label", "crop_x", "crop_y", "crop_w", "crop_h", "image", "cell", "class_id", "x", "y" }, manifest.Columns.ToArray());
    }

    [TestMethod]
    public void ClassesOptionKeepsOnlyTheChosenClasses()
    {
        var root = ReplicaTrees.Chula((1, "5 6 1\n20 15 0\n7 7 2\n"));
        var manifest = ChulaManifestBuilder.Build(root, new ChulaManifestOptions { Classes = [0, 2] }).Manifest;
        CollectionAssert.AreEqual(new[] { "Normal cell", "Microcyte" }, manifest.Rows.Select(r => r.Label).ToArray());
        Assert.IsTrue(Path.IsPathRooted(manifest.Rows[0].Path), "without PathsRelativeTo paths are absolute");

        var e = Assert.ThrowsExactly<InvalidDataException>(() => ChulaManifestBuilder.Build(root, new ChulaManifestOptions { Classes = [0, 7] }));
        StringAssert.Contains(e.Message, "7");
    }

    [TestMethod]
    public void WrittenCropsReplicateTheEdge()
    {
        var root = ReplicaTrees.Chula((3, "1 2 0\n"));
        var crops = Path.Combine(root, "crops");
        var manifest = ChulaManifestBuilder.Build(root, new ChulaManifestOptions { CropSize = 6, WriteCropsTo = crops, PathsRelativeTo = root }).Manifest;

        Assert.AreEqual("crops/3_001.png", manifest.Rows[0].Path);
        Assert.IsNull(manifest.Rows[0].Crop, "the crop file is the whole image");
        var crop = ImageDecoder.DecodeFile(Path.Combine(root, "crops", "3_001.png"));
        Assert.AreEqual(6, crop.Width);
        Assert.AreEqual(6, crop.Height);
        // Box starts at (1-3, 2-3) = (-2, -1): output (x, y) shows source (max(x-2, 0), max(y-1, 0)); source pixel = (x, y, smear).
        for (var y = 0; y < 6; y++)
            for (var x = 0; x < 6; x++)
                CollectionAssert.AreEqual(new byte[] { (byte)Math.Max(x - 2, 0), (byte)Math.Max(y - 1, 0), 3 },
                    crop.Pixels.AsSpan((y * 6 + x) * 3, 3).ToArray(), $"pixel ({x},{y})");
    }

    [TestMethod]
    public void MalformedLabelLineNamesFileAndLine()
    {
        var root = ReplicaTrees.Chula((4, "1 2 0\n1 two 0\n"));
        var e = Assert.ThrowsExactly<InvalidDataException>(() => ChulaManifestBuilder.Build(root));
        StringAssert.Contains(e.Message, "4.txt");
        StringAssert.Contains(e.Message, "line 2");
    }

    [TestMethod]
    public void MissingSmearIsNamed()
    {
        var root = ReplicaTrees.Chula((5, "1 2 0\n"));
        File.Delete(Path.Combine(root, "Dataset", "5.png"));
        var e = Assert.ThrowsExactly<FileNotFoundException>(() => ChulaManifestBuilder.Build(root));
        StringAssert.Contains(e.Message, "5.jpg");
    }

    [TestMethod]
    public void RealChulaCopyGives22106RowsWithAllThirteenClasses()
    {
        var root = RepoPaths.RequireShared("data", "chula-rbc-12");
        var manifest = ChulaManifestBuilder.Build(root).Manifest;

        Assert.HasCount(22106, manifest.Rows);
        Assert.HasCount(13, manifest.Rows.Select(r => r.Label).Distinct().ToList());
        Assert.AreEqual(6330, manifest.Rows.Count(r => r.Label == "Normal cell"));
        Assert.AreEqual(1052, manifest.Rows.Count(r => r.Label == "Elliptocyte"));
        var images = manifest.Rows.Select(r => int.Parse(r.Extra!["image"])).ToList();
        CollectionAssert.AreEqual(images.Order().ToList(), images, "rows are ordered by smear number");
        Assert.AreEqual(new CropBox(554, 55, 80, 80), manifest.Rows[0].Crop, "Label/1.txt starts with '594 95 0'");
    }
}
