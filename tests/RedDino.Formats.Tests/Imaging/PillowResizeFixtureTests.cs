using System.IO.Compression;
using System.Text.Json.Nodes;
using RedDino.Formats.Manifests;
using RedDino.Formats.Imaging;
using RedDino.Tests.Shared;

namespace RedDino.Formats.Tests.Imaging;

/// <summary>Decode + crop + resize against PIL 9.4 + numpy (tests/fixtures/scripts/make_resize_fixtures.py;
/// the chula_* cases read real smears from ../shared and fail without them):
/// |a - b| &lt;= max_diff (1/255 for lossless sources, 3/255 for JPEG) per uint8 value, before normalisation.</summary>
[TestClass]
public sealed class PillowResizeFixtureTests
{
    public TestContext TestContext { get; set; } = null!;

    public static IEnumerable<object[]> Cases()
    {
        var json = JsonNode.Parse(File.ReadAllText(RepoPaths.Fixture("imaging", "cases.json")))!;
        foreach (var node in json["cases"]!.AsArray())
            yield return [node!["name"]!.GetValue<string>()];
    }

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void MatchesPillow(string name)
    {
        var json = JsonNode.Parse(File.ReadAllText(RepoPaths.Fixture("imaging", "cases.json")))!;
        var spec = json["cases"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == name)!;
        var width = spec["width"]!.GetValue<int>();
        var height = spec["height"]!.GetValue<int>();
        var maxDiff = spec["max_diff"]!.GetValue<int>();
        CropBox? crop = spec["crop"] is JsonArray box
            ? new CropBox(box[0]!.GetValue<int>(), box[1]!.GetValue<int>(), box[2]!.GetValue<int>(), box[3]!.GetValue<int>())
            : null;

        string sourcePath;
        if (spec["shared_source"] is { } shared)
            sourcePath = RepoPaths.RequireShared(shared.GetValue<string>().Split('/'));
        else
            sourcePath = RepoPaths.Fixture("imaging", "sources", spec["source"]!.GetValue<string>());
        var image = ImageDecoder.DecodeFile(sourcePath);
        var cropped = crop is { } c ? EdgeCrop.Crop(image, c) : image;
        var actual = PillowBilinear.Resize(cropped, width, height);

        var expected = ReadExpected(name);
        Assert.AreEqual(expected.Length, actual.Pixels.Length, "pixel count");
        var worst = 0;
        var differing = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            var d = Math.Abs(expected[i] - actual.Pixels[i]);
            worst = Math.Max(worst, d);
            if (d > 0) differing++;
        }
        TestContext.WriteLine($"{name}: max |diff| = {worst}/255, {differing} of {expected.Length} values differ");
        Assert.IsLessThanOrEqualTo(maxDiff, worst, $"{name}: max difference {worst}/255 exceeds {maxDiff}/255");
    }

    private static byte[] ReadExpected(string name)
    {
        using var file = File.OpenRead(RepoPaths.Fixture("imaging", "expected", name + ".rgb.gz"));
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var buffer = new MemoryStream();
        gzip.CopyTo(buffer);
        return buffer.ToArray();
    }
}
