using RedDino.Formats.Manifests;
using RedDino.Formats.Imaging;
using RedDino.Tests.Shared;

namespace RedDino.Formats.Tests.Imaging;

[TestClass]
public sealed class ImageDecoderTests
{
    private static string Source(string name) => RepoPaths.Fixture("imaging", "sources", name);

    [TestMethod]
    public void TruncatedJpegIsAnErrorNamingTheFile()
    {
        var bytes = File.ReadAllBytes(Source("smooth_150x113.jpg"));
        var path = Path.Combine(RepoPaths.NewTempFolder(), "cut.jpg");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var e = Assert.ThrowsExactly<InvalidDataException>(() => ImageDecoder.DecodeFile(path));
        StringAssert.Contains(e.Message, path);
        StringAssert.Contains(e.Message, "truncated");
    }

    [TestMethod]
    public void MissingAndNonImageFilesAreErrors()
    {
        var folder = RepoPaths.NewTempFolder();
        var missing = Path.Combine(folder, "nope.png");
        StringAssert.Contains(Assert.ThrowsExactly<FileNotFoundException>(() => ImageDecoder.DecodeFile(missing)).Message, missing);
        var text = Path.Combine(folder, "text.png");
        File.WriteAllText(text, "this is not an image");
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => ImageDecoder.DecodeFile(text)).Message, text);
        var empty = Path.Combine(folder, "empty.jpg");
        File.WriteAllBytes(empty, []);
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => ImageDecoder.DecodeFile(empty)).Message, "empty");
    }

    [TestMethod]
    [DataRow("smooth_150x113.jpg")]
    [DataRow("rgb16_29x31.tif")]
    public void ReadSizeGivesTheDecodedImagesSize(string name)
    {
        var image = ImageDecoder.DecodeFile(Source(name));
        Assert.AreEqual((image.Width, image.Height), ImageDecoder.ReadSize(Source(name)));
    }

    [TestMethod]
    public void CorruptTiffIsAnError()
    {
        var bytes = File.ReadAllBytes(Source("rgb16_29x31.tif"));
        var path = Path.Combine(RepoPaths.NewTempFolder(), "cut.tif");
        File.WriteAllBytes(path, bytes[..200]);
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => ImageDecoder.DecodeFile(path)).Message, path);
    }

    [TestMethod]
    public void SixteenBitTiffKeepsTheHighByte()
    {
        // The fixture's first sample, read straight from the uncompressed strip (little-endian uint16).
        var bytes = File.ReadAllBytes(Source("rgb16_29x31.tif"));
        var image = ImageDecoder.DecodeFile(Source("rgb16_29x31.tif"));
        Assert.AreEqual(29, image.Width);
        Assert.AreEqual(31, image.Height);
        var dataOffset = bytes.Length - 29 * 31 * 3 * 2;
        for (var i = 0; i < 12; i++)
            Assert.AreEqual((byte)(BitConverter.ToUInt16(bytes, dataOffset + 2 * i) >> 8), image.Pixels[i], $"sample {i}");
    }

    [TestMethod]
    public void EdgeCropRepeatsBorderPixels()
    {
        // 2x2 image: [[a, b], [c, d]]; a 4x3 box starting at (-1, 0) -> rows a a b b / c c d d / c c d d.
        byte[] px = [1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4];
        var crop = EdgeCrop.Crop(new RgbImage(2, 2, px), new CropBox(-1, 0, 4, 3));
        var firstChannel = Enumerable.Range(0, 12).Select(i => crop.Pixels[i * 3]).ToArray();
        CollectionAssert.AreEqual(new byte[] { 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4 }, firstChannel);
    }

    [TestMethod]
    public void FingerprintFollowsEverySetting()
    {
        var a = PreprocessingSettings.ImageNetDefaults(224);
        Assert.AreEqual(a.Fingerprint(), PreprocessingSettings.ImageNetDefaults(224).Fingerprint());
        Assert.AreEqual(a, PreprocessingSettings.ImageNetDefaults(224));
        Assert.AreNotEqual(a.Fingerprint(), PreprocessingSettings.ImageNetDefaults(112).Fingerprint());
        Assert.AreNotEqual(a.Fingerprint(), (a with { PixelScale = 1f }).Fingerprint());
        Assert.AreNotEqual(a.Fingerprint(), (a with { Std = [0.229f, 0.224f, 0.226f] }).Fingerprint());
    }
}
