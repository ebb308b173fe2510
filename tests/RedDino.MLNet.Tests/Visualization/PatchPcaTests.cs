using RedDino.MLNet.Embeddings;
using RedDino.Formats.Imaging;
using RedDino.MLNet.Visualization;

namespace RedDino.MLNet.Tests.Visualization;

/// <summary>Patch tokens of a tiled smear and their PCA against PyTorch + numpy
/// (tests/fixtures/scripts/make_patch_pca_fixtures.py).</summary>
[TestClass]
public sealed class PatchPcaTests
{
    private static readonly RedDinoEmbeddingOptions Cpu = new() { Device = EmbeddingDevice.Cpu, BatchSize = 5 };

    private static PatchTokenGrid Grid()
    {
        using var model = new PatchTokenModel(PatchPcaReference.Model, Cpu);
        return model.Extract(ImageDecoder.DecodeFile(PatchPcaReference.Smear), "smear");
    }

    [TestMethod]
    public void TilesAndTokensEqualPyTorch()
    {
        var grid = Grid();
        var json = PatchPcaReference.Json;
        Assert.AreEqual(json["tile_rows"]!.GetValue<int>(), grid.TileRows);
        Assert.AreEqual(json["tile_cols"]!.GetValue<int>(), grid.TileColumns);
        Assert.AreEqual(json["grid"]!.GetValue<int>(), grid.GridSize);
        Assert.AreEqual(14, grid.PatchSize);
        // Float32 ONNX Runtime vs PyTorch on the same preprocessed tiles (batches of 5: one partial batch).
        UmapReference.AssertClose(UmapReference.Doubles(json["tokens"]), grid.Tokens.Select(v => (double)v).ToArray(), 1e-4, 1e-3, "patch tokens");
        UmapReference.AssertClose(UmapReference.Doubles(json["luminance"]), grid.Luminance.Select(v => (double)v).ToArray(), 1e-3, 0, "patch luminance");
    }

    [TestMethod]
    public void ComponentsEqualNumpy()
    {
        var result = PatchPca.Compute(Grid());
        var expected = UmapReference.Doubles(PatchPcaReference.Json["pcs"]);
        AssertSameComponents(expected, result.Scores, null);
        // With the same sign rule the values themselves agree, and so do the colours (up to rounding).
        UmapReference.AssertClose(expected, result.Scores, 1e-3, 1e-3, "pc values");
        var colours = PatchPcaReference.Json["colours"]!.AsArray().Select(v => v!.GetValue<int>()).ToArray();
        for (var i = 0; i < colours.Length; i++)
            Assert.IsLessThanOrEqualTo(1, Math.Abs(colours[i] - result.Colours[i]), $"colour byte {i}");
        UmapReference.AssertClose(UmapReference.Doubles(PatchPcaReference.Json["explained_variance_ratio"]), result.ExplainedVarianceRatio, 1e-5, 1e-4, "explained variance");
    }

    [TestMethod]
    public void BackgroundMaskAndForegroundPcaEqualNumpy()
    {
        var mask = PatchPcaReference.Json["mask"]!;
        var result = PatchPca.Compute(Grid(), new PatchPcaOptions { MaskBackground = true, BackgroundThreshold = mask["threshold"]!.GetValue<double>() });
        var foreground = mask["foreground"]!.AsArray().Select(v => v!.GetValue<bool>()).ToArray();
        CollectionAssert.AreEqual(foreground, result.Foreground, "foreground patches");
        UmapReference.AssertClose(UmapReference.Doubles(mask["scaled_pc1"]), result.MaskScore!, 1e-4, 0, "scaled first component");
        var expected = UmapReference.Doubles(mask["pcs"]);
        var ours = Enumerable.Range(0, foreground.Length).Where(i => foreground[i]).SelectMany(i => result.Scores.Skip(i * 3).Take(3)).ToArray();
        AssertSameComponents(expected, ours, null);
        Assert.IsTrue(Enumerable.Range(0, foreground.Length).Where(i => !foreground[i]).All(i => double.IsNaN(result.Scores[i * 3])), "background has no components");
        Assert.IsTrue(Enumerable.Range(0, foreground.Length).Where(i => !foreground[i]).All(i => result.Colours[i * 3] == 0 && result.Colours[i * 3 + 2] == 0), "background is black");
    }

    [TestMethod]
    public void PictureIsImageSizedWithEachPatchInItsColour()
    {
        var result = PatchPca.Compute(Grid());
        var picture = result.Render();
        Assert.AreEqual(130, picture.Width);
        Assert.AreEqual(95, picture.Height);
        // Pixel (x 129, y 94) lies in tile (2, 3), patch (row 94 - 84 = 10 -> 0, col 129 - 126 = 3 -> 0).
        foreach (var (x, y, index) in new[] { (0, 0, 0), (129, 94, result.Grid.PatchIndex(2, 3, 0, 0)), (50, 20, result.Grid.PatchIndex(0, 1, 1, 0)) })
            for (var c = 0; c < 3; c++)
                Assert.AreEqual(result.Colours[index * 3 + c], picture.Pixels[(y * 130 + x) * 3 + c], $"pixel ({x}, {y}) channel {c}");
    }

    [TestMethod]
    public void AModelWithoutPatchTokensIsRefusedNamingTheFile()
    {
        var error = Assert.ThrowsExactly<InvalidDataException>(() => new PatchTokenModel(PatchPcaReference.NoPatchesModel, Cpu));
        StringAssert.Contains(error.Message, "tiny_vit_no_patches.onnx");
        StringAssert.Contains(error.Message, "patch_tokens");
    }

    // pc1 |correlation| > 0.999 and the 3-D maps span the same subspace (smallest canonical correlation > 0.995).
    private static void AssertSameComponents(IReadOnlyList<double> expected, IReadOnlyList<double> actual, bool[]? keep)
    {
        var correlation = PatchPcaReference.Correlation(PatchPcaReference.Column(expected, 3, 0, keep), PatchPcaReference.Column(actual, 3, 0, keep));
        Assert.IsGreaterThan(0.999, Math.Abs(correlation), $"pc1 correlation {correlation}");
        var canonical = PatchPcaReference.CanonicalCorrelations(
            Enumerable.Range(0, 3).Select(c => PatchPcaReference.Column(expected, 3, c, keep)).ToArray(),
            Enumerable.Range(0, 3).Select(c => PatchPcaReference.Column(actual, 3, c, keep)).ToArray());
        Assert.IsGreaterThan(0.995, canonical[0], $"smallest canonical correlation {canonical[0]}");
    }
}
