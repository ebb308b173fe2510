using RedDino.Formats.Imaging;
using RedDino.Formats.Manifests;
using RedDino.Tests.Shared;

namespace RedDino.Formats.Tests.Imaging;

/// <summary>Every decoder checks the size a header declares against the pixel limit before it allocates:
/// tiny files claiming huge sizes are bad images (InvalidDataException naming the file), never a crash.</summary>
[TestClass]
public sealed class DecompressionBombTests
{
    public static IEnumerable<object[]> Bombs() => BombFiles.All().Select(b => new object[] { b.Format, b.Extension });

    private static (byte[] Bytes, long Width, long Height) Bomb(string format) =>
        BombFiles.All().Where(b => b.Format == format).Select(b => (b.Bytes, b.Width, b.Height)).Single();

    [TestMethod]
    [DynamicData(nameof(Bombs))]
    public void ABombIsRefusedBeforeDecoding(string format, string extension)
    {
        using var scratch = new ScratchFolder();
        var (bytes, width, height) = Bomb(format);
        Assert.IsLessThan(4096, bytes.Length, "the file itself is tiny");
        var path = scratch.File("bomb" + extension);
        File.WriteAllBytes(path, bytes);

        var decode = Assert.ThrowsExactly<InvalidDataException>(() => ImageDecoder.DecodeFile(path));
        StringAssert.Contains(decode.Message, path);
        StringAssert.Contains(decode.Message, $"{width}x{height}");
        StringAssert.Contains(decode.Message, "more than the limit of 89,478,485");
        var size = Assert.ThrowsExactly<InvalidDataException>(() => ImageDecoder.ReadSize(path));
        StringAssert.Contains(size.Message, "more than the limit");
    }

    [TestMethod]
    public void TheLimitIsASetting()
    {
        var path = RepoPaths.Fixture("imaging", "sources", "rgb_37x23.png");
        Assert.AreEqual(37, ImageDecoder.DecodeFile(path, maxPixels: 37 * 23).Width);
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => ImageDecoder.DecodeFile(path, maxPixels: 37 * 23 - 1)).Message,
            "37x23 = 851 pixels, more than the limit of 850");
        var tiff = RepoPaths.Fixture("imaging", "sources", "rgb_50x40.tif");
        Assert.ThrowsExactly<InvalidDataException>(() => ImageDecoder.DecodeFile(tiff, maxPixels: 1999));
        Assert.AreEqual((50, 40), ImageDecoder.ReadSize(tiff, maxPixels: 2000));
    }

    [TestMethod]
    public void ACropBoxAboveTheLimitIsRefusedBeforeItIsAllocated()
    {
        var image = ImageDecoder.DecodeFile(RepoPaths.Fixture("imaging", "sources", "rgb_37x23.png"));
        var error = Assert.ThrowsExactly<InvalidDataException>(() => EdgeCrop.Crop(image, new CropBox(0, 0, 30000, 30000)));
        StringAssert.Contains(error.Message, "crop box 30000x30000 = 900,000,000 pixels");
        Assert.ThrowsExactly<InvalidDataException>(() => EdgeCrop.Crop(image, new CropBox(0, 0, 10, 10), maxPixels: 99));
        Assert.AreEqual(100, EdgeCrop.Crop(image, new CropBox(0, 0, 10, 10), maxPixels: 100).Pixels.Length / 3);
    }

    [TestMethod]
    public void ABoxNearTheEndOfInt32RepeatsTheRightEdgeInsteadOfWrappingAround()
    {
        var image = ImageDecoder.DecodeFile(RepoPaths.Fixture("imaging", "sources", "rgb_37x23.png"));
        // x = int.MaxValue: every column lies right of the image, so every pixel is the last column's.
        var crop = EdgeCrop.Crop(image, new CropBox(int.MaxValue, 0, 3, 2));
        for (var y = 0; y < 2; y++)
            for (var x = 0; x < 3; x++)
                for (var c = 0; c < 3; c++)
                    Assert.AreEqual(image.Pixels[(y * image.Width + image.Width - 1) * 3 + c], crop.Pixels[(y * 3 + x) * 3 + c], $"({x}, {y}) channel {c}");
    }
}
