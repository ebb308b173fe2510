using System.Text.Json;
using RedDino.Formats.Checkpoints;
using RedDino.Tests.Shared;

namespace RedDino.Formats.Tests.Checkpoints;

/// <summary>The TorchSharp-free position-grid resize against PyTorch 1.13's <c>F.interpolate(mode="bicubic",
/// align_corners=False)</c> (tests/fixtures/backbone, make_backbone_fixtures.py): DINOv2's offset form
/// (scale factor (g + 0.1) / M) and the exact-size form, shrinking and growing, 16 and 37 grids. The exact-size
/// form agrees to float32 rounding; with the offset, PyTorch's float32 source coordinates (1 / scale factor rounded
/// to float32, times up to 37) land a few ulps elsewhere than any straightforward float32 or float64 evaluation
/// (checked in numpy: float64 throughout is also 1.4e-6 to 2e-6 away), so the tolerance is 1e-5 on values of
/// standard deviation 0.5, a hundred times below the embeddings' 1e-4.</summary>
[TestClass]
public sealed class PositionGridTests
{
    private const double Atol = 1e-5, Rtol = 1e-5;

    [TestMethod]
    [DataRow("pos16", "pos16_to8_offset", 8, 0.1)]
    [DataRow("pos16", "pos16_to7_offset", 7, 0.1)]
    [DataRow("pos16", "pos16_to20_offset", 20, 0.1)]
    [DataRow("pos37", "pos37_to16_offset", 16, 0.1)]
    [DataRow("pos16", "pos16_to8_exact", 8, 0.0)]
    [DataRow("pos37", "pos37_to16_exact", 16, 0.0)]
    public void ResizeEqualsPyTorchBicubic(string source, string expected, int grid, double offset)
    {
        var (input, inputShape) = Array(source);
        var (reference, shape) = Array(expected);
        var actual = PositionGrid.Resize(input, (int)inputShape[1], grid, offset);
        Assert.HasCount(reference.Length, actual);
        Assert.AreEqual(1 + grid * grid, shape[0]);
        for (var i = 0; i < actual.Length; i++)
            Assert.IsTrue(Math.Abs(actual[i] - reference[i]) <= Atol + Rtol * Math.Abs(reference[i]),
                $"{expected}[{i / shape[1]}, {i % shape[1]}]: {actual[i]} vs PyTorch {reference[i]}");
    }

    [TestMethod]
    public void TheSameGridIsLeftAlone()
    {
        var (input, shape) = Array("pos16");
        Assert.AreSame(input, PositionGrid.Resize(input, (int)shape[1], 16, 0.1));
    }

    [TestMethod]
    public void RowsThatAreNotASquareGridAreRefused()
    {
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => PositionGrid.Resize(new float[11 * 2], 2, 3, 0)).Message,
            "11 position rows are not 1 + M*M");
        Assert.AreEqual(37, PositionGrid.SourceGrid(1370));
    }

    internal static (float[] Values, long[] Shape) Array(string name)
    {
        using var description = JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture("backbone", "expected.json")));
        var entry = description.RootElement.GetProperty("arrays").GetProperty(name);
        var shape = entry.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        var bytes = File.ReadAllBytes(RepoPaths.Fixture("backbone", entry.GetProperty("file").GetString()!));
        var values = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length); // little-endian float32
        return (values, shape);
    }
}
