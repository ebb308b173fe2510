using RedDino.Backbone.Tests.Support;
using RedDino.Backbone.Vit;
using TorchSharp;
using static TorchSharp.torch;

namespace RedDino.Backbone.Tests.Vit;

/// <summary>Position-grid resizing against torch.nn.functional.interpolate (bicubic, align_corners
/// false) with DINOv2's scale-factor offset and with exact sizes.</summary>
[TestClass]
public sealed class PositionEmbeddingTests
{
    private const double Atol = 1e-5, Rtol = 1e-5;

    [TestMethod]
    [DataRow("pos16", "pos16_to8_offset", 8, 0.1)]
    [DataRow("pos16", "pos16_to7_offset", 7, 0.1)]
    [DataRow("pos16", "pos16_to20_offset", 20, 0.1)]
    [DataRow("pos16", "pos16_to8_exact", 8, 0.0)]
    [DataRow("pos37", "pos37_to16_offset", 16, 0.1)]
    [DataRow("pos37", "pos37_to16_exact", 16, 0.0)]
    public void ResizeMatchesPyTorch(string source, string expected, int grid, double offset)
    {
        var (values, shape) = BackboneFixture.Expected(source);
        using var pos = tensor(values, [1, shape[0], shape[1]]);
        using var resized = PositionEmbedding.Resize(pos, grid, grid, offset);
        CollectionAssert.AreEqual(new long[] { 1, 1 + grid * grid, shape[1] }, resized.shape);
        Close.Assert(resized.data<float>().ToArray(), BackboneFixture.Expected(expected).Values, Atol, Rtol, expected);
    }

    [TestMethod]
    public void OffsetAndExactResizesDiffer()
    {
        // Guards against the offset being silently ignored: the two conventions must not agree.
        var (values, shape) = BackboneFixture.Expected("pos37");
        using var pos = tensor(values, [1, shape[0], shape[1]]);
        using var withOffset = PositionEmbedding.Resize(pos, 16, 16, 0.1);
        using var exact = PositionEmbedding.Resize(pos, 16, 16, 0.0);
        Assert.IsTrue((withOffset - exact).abs().max().ToSingle() > 0.1f);
    }

    [TestMethod]
    public void SameGridIsUnchanged()
    {
        using var pos = randn(1, 257, 8);
        using var same = PositionEmbedding.Resize(pos, 16, 16, 0.1);
        Assert.IsTrue(same.allclose(pos, rtol: 0, atol: 0));
    }

    [TestMethod]
    public void NonSquareSourceIsRejected()
    {
        using var pos = randn(1, 250, 8);
        Assert.ThrowsExactly<ArgumentException>(() => PositionEmbedding.Resize(pos, 8, 8, 0.1));
    }
}
