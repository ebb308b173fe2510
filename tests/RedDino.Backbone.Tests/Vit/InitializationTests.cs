using RedDino.Backbone.Vit;
using TorchSharp;
using static TorchSharp.torch;

namespace RedDino.Backbone.Tests.Vit;

/// <summary>DINOv2's initialisation, whose truncated normal TorchSharp 0.107 gets wrong (a constant).</summary>
[TestClass]
public sealed class InitializationTests
{
    [TestMethod]
    public void TruncatedNormalHasTheRightSpreadAndBounds()
    {
        using var t = empty(200_000);
        TruncatedNormal.Fill(t, std: 1.0, a: -1.5, b: 1.0);
        Assert.IsTrue(t.min().ToSingle() >= -1.5f && t.max().ToSingle() <= 1.0f);
        // N(0,1) truncated to [-1.5, 1]: mean -0.1452, std 0.6447 (scipy.stats.truncnorm(-1.5, 1.0)).
        Assert.AreEqual(-0.1452, t.mean().ToDouble(), 0.01);
        Assert.AreEqual(0.6447, t.std().ToDouble(), 0.01);
    }

    [TestMethod]
    public void DinoV2InitGivesRandomLinearWeightsAndPositions()
    {
        using var model = new VisionTransformer(VitSettings.Custom(64, 1, 1, 64) with { LayerScaleInit = 1e-5 });
        var state = model.state_dict();
        foreach (var key in new[] { "pos_embed", "blocks.0.attn.qkv.weight", "blocks.0.mlp.fc2.weight" })
            Assert.AreEqual(0.02, state[key].std().ToDouble(), 0.002, key);
        Assert.AreEqual(0f, state["blocks.0.attn.qkv.bias"].abs().max().ToSingle());
        Assert.AreEqual(1e-5f, state["blocks.0.ls1.gamma"].mean().ToSingle(), 1e-9f);
        Assert.IsTrue(state["cls_token"].abs().max().ToSingle() < 1e-4f);
    }
}
