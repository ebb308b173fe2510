using RedDino.Backbone.Import;
using RedDino.Backbone.Tests.Support;
using RedDino.Backbone.Vit;
using TorchSharp;
using static TorchSharp.torch;

namespace RedDino.Backbone.Tests.Import;

/// <summary>Every supported layout imports to the model whose outputs the PyTorch reference gives.</summary>
[TestClass]
public sealed class CheckpointImportTests
{
    private static void AssertCls(ImportedBackbone imported, string expected, string what)
    {
        using var images = BackboneFixture.Images();
        using var noGrad = no_grad();
        using var cls = imported.Model.forward(images);
        Close.Assert(cls.data<float>().ToArray(), BackboneFixture.Expected(expected).Values, BackboneFixture.Atol, BackboneFixture.Rtol, what);
    }

    [TestMethod]
    public void TimmSafetensors()
    {
        using var imported = CheckpointImporter.Import(BackboneFixture.TimmSafetensors);
        Assert.AreEqual("timm-safetensors", imported.Layout.Name);
        Assert.AreEqual("vit-d64-l2-h1-m64-p14", imported.Settings.Name);
        Assert.AreEqual((64, 2, 1, 64, 224), (imported.Settings.EmbedDim, imported.Settings.Depth, imported.Settings.NumHeads, imported.Settings.MlpHidden, imported.Settings.ImageSize));
        Assert.AreEqual(0, imported.SkippedKeys.Count);
        Assert.AreEqual(CheckpointImporter.Sha256(BackboneFixture.TimmSafetensors), imported.SourceSha256);
        Assert.AreEqual(64, imported.SourceSha256.Length);
        StringAssert.Contains(imported.Summary, "layout timm-safetensors, arch vit-d64-l2-h1-m64-p14");
        AssertCls(imported, "cls_224", "timm import");
    }

    [TestMethod]
    public void StridedAndStorageSharingTensorsInAPthLoadExactly()
    {
        // tiny_vit_strided.pth (make_strided_checkpoint_fixtures.py) holds the timm file's weights as a transposed
        // view, a view at storage offset 7, two views of one storage and a view with column stride 2.
        using var strided = CheckpointImporter.Import(BackboneFixture.Path("tiny_vit_strided.pth"));
        using var plain = CheckpointImporter.Import(BackboneFixture.TimmSafetensors);
        var expected = plain.Model.state_dict();
        foreach (var (key, tensor) in strided.Model.state_dict())
            Assert.IsTrue(tensor.shape.SequenceEqual(expected[key].shape) && tensor.eq(expected[key]).all().item<bool>(), key);
        AssertCls(strided, "cls_224", "strided pth");
    }

    [TestMethod]
    public void DinoV2TeacherCheckpointSkipsHeadsAndMaskToken()
    {
        using var imported = CheckpointImporter.Import(BackboneFixture.TeacherCheckpoint);
        Assert.AreEqual("dinov2-teacher", imported.Layout.Name);
        Assert.AreEqual("backbone.", imported.Layout.Prefix);
        CollectionAssert.Contains(imported.SkippedKeys.ToList(), "backbone.mask_token");
        Assert.AreEqual(8, imported.SkippedKeys.Count(k => k.StartsWith("dino_head.", StringComparison.Ordinal)));
        Assert.AreEqual(9, imported.SkippedKeys.Count);
        Assert.IsFalse(imported.Model.HasMaskToken);
        StringAssert.Contains(imported.Summary, "skipped 9 keys: backbone.mask_token, dino_head.* (8)");
        AssertCls(imported, "cls_224", "teacher import");
    }

    [TestMethod]
    public void TeacherCheckpointWithMaskTokenForPretraining()
    {
        using var imported = CheckpointImporter.Import(BackboneFixture.TeacherCheckpoint, new ImportOptions { WithMaskToken = true });
        Assert.IsTrue(imported.Model.HasMaskToken);
        Assert.IsFalse(imported.SkippedKeys.Contains("backbone.mask_token"));
        using var images = BackboneFixture.Images();
        using var first = images.narrow(0, 0, 1);
        using var mask = zeros(1, 256, ScalarType.Bool);
        foreach (var i in BackboneFixture.MaskIndices)
            mask[0, i] = tensor(true);
        using var noGrad = no_grad();
        var (cls, patches) = imported.Model.ForwardFeatures(first, mask);
        using (cls)
        using (patches)
            Close.Assert(cls.data<float>().ToArray(), BackboneFixture.Expected("cls_224_masked_image0").Values, BackboneFixture.Atol, BackboneFixture.Rtol, "masked teacher");
    }

    [TestMethod]
    public void TimmFileWithMaskTokenRequestedStartsItAtZero()
    {
        using var imported = CheckpointImporter.Import(BackboneFixture.TimmSafetensors, new ImportOptions { WithMaskToken = true });
        Assert.IsTrue(imported.Model.HasMaskToken);
        Assert.AreEqual(0f, imported.Model.state_dict()["mask_token"].abs().sum().ToSingle());
        StringAssert.Contains(imported.Summary, "mask_token not in the file: initialised to 0");
    }

    [TestMethod]
    public void DinoV2HubWeightsGetTheirPositionGridResizedLikeTheHub()
    {
        using var imported = CheckpointImporter.Import(BackboneFixture.HubCheckpoint);
        Assert.AreEqual("dinov2-hub", imported.Layout.Name);
        Assert.AreEqual(37, imported.Layout.PositionGrid);
        Assert.AreEqual(224, imported.Settings.ImageSize);
        Assert.AreEqual(1, imported.Settings.Depth);
        CollectionAssert.AreEqual(new long[] { 1, 257, 64 }, imported.Model.state_dict()["pos_embed"].shape);
        CollectionAssert.AreEqual(new[] { "mask_token" }, imported.SkippedKeys.ToList());
        StringAssert.Contains(imported.Summary, "pos_embed 37x37 resized to 16x16 (bicubic, offset 0.1)");
        AssertCls(imported, "cls_224_hub", "hub import");
    }

    [TestMethod]
    public void FlatSafetensorsWithBackbonePrefix()
    {
        var path = CheckpointFiles.EditedSafetensors(CheckpointFiles.Rename(k => "backbone." + k));
        using var imported = CheckpointImporter.Import(path);
        Assert.AreEqual("flat-safetensors[backbone.]", imported.Layout.Name);
        AssertCls(imported, "cls_224", "prefixed safetensors");
    }

    [TestMethod]
    public void FlatPthWithAndWithoutPrefix()
    {
        var prefixed = CheckpointFiles.EditedPth(CheckpointFiles.Rename(k => "backbone." + k));
        using (var imported = CheckpointImporter.Import(prefixed))
        {
            Assert.AreEqual("flat-pth[backbone.]", imported.Layout.Name);
            AssertCls(imported, "cls_224", "prefixed pth");
        }
        var plain = CheckpointFiles.EditedPth(_ => { });
        using (var imported = CheckpointImporter.Import(plain))
        {
            Assert.AreEqual("flat-pth", imported.Layout.Name);
            AssertCls(imported, "cls_224", "flat pth");
        }
    }

    [TestMethod]
    public void DinoV2BlockChunksAreFlattened()
    {
        // block_chunks = 2 in DINOv2: chunk c holds blocks c..c (global indices kept): blocks.{c}.{i}.*
        var path = CheckpointFiles.EditedPth(CheckpointFiles.Rename(k =>
            k.StartsWith("blocks.", StringComparison.Ordinal) ? $"blocks.{k.Split('.')[1]}.{k["blocks.".Length..]}" : k));
        using var imported = CheckpointImporter.Import(path);
        StringAssert.Contains(imported.Summary, "block chunks flattened");
        Assert.AreEqual(2, imported.Settings.Depth);
        AssertCls(imported, "cls_224", "chunked blocks");
    }

    [TestMethod]
    public void HalfPrecisionWeightsAreWidened()
    {
        var path = CheckpointFiles.EditedSafetensors(tensors =>
        {
            foreach (var key in tensors.Keys.ToList())
                tensors[key] = tensors[key].to(ScalarType.Float16);
        });
        using var imported = CheckpointImporter.Import(path);
        Assert.IsTrue(imported.Model.parameters().All(p => p.dtype == ScalarType.Float32));
        using var images = BackboneFixture.Images();
        using var noGrad = no_grad();
        using var cls = imported.Model.forward(images);
        // fp16 rounding of the weights (rel. 5e-4) moves the outputs a little.
        Close.Assert(cls.data<float>().ToArray(), BackboneFixture.Expected("cls_224").Values, 3e-2, 3e-2, "fp16 weights");
    }

    [TestMethod]
    public void OtherImageSizeResizesThePositionGrid()
    {
        using var imported = CheckpointImporter.Import(BackboneFixture.TimmSafetensors, new ImportOptions { ImageSize = 112 });
        Assert.AreEqual(112, imported.Settings.ImageSize);
        CollectionAssert.AreEqual(new long[] { 1, 65, 64 }, imported.Model.state_dict()["pos_embed"].shape);
        StringAssert.Contains(imported.Summary, "pos_embed 16x16 resized to 8x8");
        // Same numbers as the 224 model run on 112 px input (DINOv2's run-time resize, offset 0.1).
        using var images = BackboneFixture.Images();
        using var center = images.narrow(0, 0, 1).narrow(2, 56, 112).narrow(3, 56, 112);
        using var noGrad = no_grad();
        using var cls = imported.Model.forward(center);
        Close.Assert(cls.data<float>().ToArray(), BackboneFixture.Expected("cls_112_center_image0").Values, BackboneFixture.Atol, BackboneFixture.Rtol, "import at 112");
    }

    [TestMethod]
    public void PublishedShapeIsNamed()
    {
        // A random vits14 saved as safetensors comes back as "vits14".
        using var model = new VisionTransformer(VitSettings.Vits14());
        var path = Path.Combine(RedDino.Tests.Shared.RepoPaths.NewTempFolder(), "vits14.safetensors");
        TorchSharp.PyBridge.Safetensors.SaveStateDict(path, model.state_dict());
        using var imported = CheckpointImporter.Import(path);
        Assert.AreEqual("vits14", imported.Settings.Name);
        Assert.AreEqual(21_628_800L, imported.ParameterCount);
        using var explicitArch = CheckpointImporter.Import(path, new ImportOptions { Arch = "vits14" });
        Assert.AreEqual("vits14", explicitArch.Settings.Name);
    }
}
