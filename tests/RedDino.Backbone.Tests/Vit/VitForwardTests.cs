using System.Collections;
using RedDino.Backbone.Tests.Support;
using RedDino.Backbone.Vit;
using RedDino.Backbone.Import;
using TorchSharp.PyBridge;
using TorchSharp;
using static TorchSharp.torch;

namespace RedDino.Backbone.Tests.Vit;

/// <summary>The TorchSharp forward against the independent PyTorch forward of the fixture script.</summary>
[TestClass]
public sealed class VitForwardTests
{
    private static VisionTransformer LoadTiny(bool withMaskToken = false)
    {
        var model = new VisionTransformer(BackboneFixture.TinySettings with { WithMaskToken = withMaskToken });
        var weights = Safetensors.LoadStateDict(BackboneFixture.TimmSafetensors);
        if (withMaskToken)
        {
            // The timm file has no mask token; the training checkpoint holds the same weights plus it.
            var teacher = (Hashtable)((Hashtable)PyTorchZipReader.Read(BackboneFixture.TeacherCheckpoint))["teacher"]!;
            weights["mask_token"] = (Tensor)teacher["backbone.mask_token"]!;
        }
        model.load_state_dict(weights, strict: true);
        foreach (var t in weights.Values)
            t.Dispose();
        model.eval();
        return model;
    }

    [TestMethod]
    public void ClsAndPatchTokensMatchPyTorchAt224()
    {
        using var model = LoadTiny();
        using var images = BackboneFixture.Images();
        using var noGrad = no_grad();
        var (cls, patches) = model.ForwardFeatures(images);
        using (cls)
        using (patches)
        {
            CollectionAssert.AreEqual(new long[] { 4, 64 }, cls.shape);
            CollectionAssert.AreEqual(new long[] { 4, 256, 64 }, patches.shape);
            Close.Assert(cls.data<float>().ToArray(), BackboneFixture.Expected("cls_224").Values, BackboneFixture.Atol, BackboneFixture.Rtol, "CLS 224");
            using var first = patches[0];
            Close.Assert(first.data<float>().ToArray(), BackboneFixture.Expected("patches_224_image0").Values, BackboneFixture.Atol, BackboneFixture.Rtol, "patches 224 image 0");
        }
    }

    [TestMethod]
    public void ForwardReturnsTheClsEmbedding()
    {
        using var model = LoadTiny();
        using var images = BackboneFixture.Images();
        using var noGrad = no_grad();
        using var embedding = model.forward(images);
        Close.Assert(embedding.data<float>().ToArray(), BackboneFixture.Expected("cls_224").Values, BackboneFixture.Atol, BackboneFixture.Rtol, "forward");
    }

    [TestMethod]
    public void MaskedPatchesUseTheMaskToken()
    {
        using var model = LoadTiny(withMaskToken: true);
        using var images = BackboneFixture.Images();
        using var first = images.narrow(0, 0, 1);
        using var mask = zeros(1, 256, ScalarType.Bool);
        foreach (var i in BackboneFixture.MaskIndices)
            mask[0, i] = tensor(true);
        using var noGrad = no_grad();
        var (cls, patches) = model.ForwardFeatures(first, mask);
        using (cls)
        using (patches)
        {
            Close.Assert(cls.data<float>().ToArray(), BackboneFixture.Expected("cls_224_masked_image0").Values, BackboneFixture.Atol, BackboneFixture.Rtol, "masked CLS");
            using var index = tensor(BackboneFixture.MaskIndices.Select(i => (long)i).ToArray());
            using var atMask = patches[0].index_select(0, index);
            Close.Assert(atMask.data<float>().ToArray(), BackboneFixture.Expected("patches_224_masked_image0_at_mask").Values, BackboneFixture.Atol, BackboneFixture.Rtol, "masked patches");
        }
    }

    [TestMethod]
    public void SmallerInputResizesThePositionGridLikeDinoV2()
    {
        using var model = LoadTiny();
        using var images = BackboneFixture.Images();
        using var center = images.narrow(0, 0, 1).narrow(2, 56, 112).narrow(3, 56, 112); // [1, 3, 112, 112]
        using var noGrad = no_grad();
        var (cls, patches) = model.ForwardFeatures(center);
        using (cls)
        using (patches)
        {
            CollectionAssert.AreEqual(new long[] { 1, 64, 64 }, patches.shape);
            Close.Assert(cls.data<float>().ToArray(), BackboneFixture.Expected("cls_112_center_image0").Values, BackboneFixture.Atol, BackboneFixture.Rtol, "CLS 112");
            Close.Assert(patches.data<float>().ToArray(), BackboneFixture.Expected("patches_112_center_image0").Values, BackboneFixture.Atol, BackboneFixture.Rtol, "patches 112");
        }
    }

    [TestMethod]
    public void MaskWithoutMaskTokenIsRejected()
    {
        using var model = new VisionTransformer(BackboneFixture.TinySettings);
        using var images = zeros(1, 3, 224, 224);
        using var mask = zeros(1, 256, ScalarType.Bool);
        Assert.ThrowsExactly<InvalidOperationException>(() => model.ForwardFeatures(images, mask));
    }

    [TestMethod]
    public void InputNotAMultipleOfThePatchIsRejected()
    {
        using var model = new VisionTransformer(BackboneFixture.TinySettings);
        using var images = zeros(1, 3, 100, 100);
        var e = Assert.ThrowsExactly<ArgumentException>(() => model.ForwardFeatures(images));
        StringAssert.Contains(e.Message, "patch size 14");
    }

    [TestMethod]
    public void GradientsReachEveryParameterThroughAMaskedForward()
    {
        // The pretraining student trains through ForwardFeatures with a mask at a smaller size. The loss
        // projects on fixed random directions: a plain sum or sum of squares of LayerNorm outputs is
        // constant when the norm's affine is 1/0, which would zero the gradients by construction.
        using var model = RandomWeights.Create(VitSettings.Custom(64, 1, 1, 64, imageSize: 56) with { WithMaskToken = true }, seed: 5);
        model.train();
        using var generator = new Generator(11);
        using var images = randn([2, 3, 42, 42], generator: generator);
        using var clsDirection = randn([2, 64], generator: generator);
        using var patchDirection = randn([2, 9, 64], generator: generator);
        using var mask = tensor(new[] { true, false, true, false, false, false, false, false, true,
                                        false, true, false, false, false, false, false, false, false }).reshape(2, 9);
        var (cls, patches) = model.ForwardFeatures(images, mask);
        using (cls)
        using (patches)
        {
            using var loss = (cls * clsDirection).sum() + (patches * patchDirection).sum();
            loss.backward();
        }
        foreach (var (name, p) in model.named_parameters())
        {
            Assert.IsNotNull(p.grad, $"{name} has no gradient");
            Assert.IsTrue(p.grad.abs().max().ToSingle() > 1e-4f, $"{name} has a (near) zero gradient");
        }
    }
}
