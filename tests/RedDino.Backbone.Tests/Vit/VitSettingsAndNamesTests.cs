using RedDino.Backbone.Vit;

namespace RedDino.Backbone.Tests.Vit;

/// <summary>State-dict names and shapes equal the timm keys of docs/reference/model.md.</summary>
[TestClass]
public sealed class VitSettingsAndNamesTests
{
    /// <summary>The timm keys and shapes listed in docs/reference/model.md, generated independently of the model.</summary>
    private static Dictionary<string, long[]> TimmKeys(int d, int depth, int hidden, int tokens)
    {
        var keys = new Dictionary<string, long[]>
        {
            ["cls_token"] = [1, 1, d], ["pos_embed"] = [1, tokens, d],
            ["patch_embed.proj.weight"] = [d, 3, 14, 14], ["patch_embed.proj.bias"] = [d],
            ["norm.weight"] = [d], ["norm.bias"] = [d],
        };
        for (var i = 0; i < depth; i++)
        {
            var p = $"blocks.{i}.";
            keys[p + "norm1.weight"] = [d]; keys[p + "norm1.bias"] = [d];
            keys[p + "attn.qkv.weight"] = [3 * d, d]; keys[p + "attn.qkv.bias"] = [3 * d];
            keys[p + "attn.proj.weight"] = [d, d]; keys[p + "attn.proj.bias"] = [d];
            keys[p + "ls1.gamma"] = [d];
            keys[p + "norm2.weight"] = [d]; keys[p + "norm2.bias"] = [d];
            keys[p + "mlp.fc1.weight"] = [hidden, d]; keys[p + "mlp.fc1.bias"] = [hidden];
            keys[p + "mlp.fc2.weight"] = [d, hidden]; keys[p + "mlp.fc2.bias"] = [d];
            keys[p + "ls2.gamma"] = [d];
        }
        return keys;
    }

    [TestMethod]
    public void Vits14HasExactlyTheTimmKeysAndShapes()
    {
        using var model = new VisionTransformer(VitSettings.Vits14());
        var expected = TimmKeys(384, 12, 1536, 257);
        var actual = model.state_dict();
        CollectionAssert.AreEquivalent(expected.Keys.ToList(), actual.Keys.ToList());
        foreach (var (key, shape) in expected)
            CollectionAssert.AreEqual(shape, actual[key].shape, key);
        // "21.6 M" in the protocol table: patch 226,176 + cls 384 + pos 98,688 + 12 x 1,775,232 + norm 768.
        var count = actual.Values.Sum(t => t.numel());
        Assert.AreEqual(21_628_800L, count);
    }

    [TestMethod]
    public void MaskTokenExistsOnlyWhenAskedFor()
    {
        using var plain = new VisionTransformer(VitSettings.Custom(64, 1, 1, 64));
        using var masked = new VisionTransformer(VitSettings.Custom(64, 1, 1, 64) with { WithMaskToken = true });
        Assert.IsFalse(plain.state_dict().ContainsKey("mask_token"));
        CollectionAssert.AreEqual(new long[] { 1, 64 }, masked.state_dict()["mask_token"].shape);
        Assert.IsTrue(masked.HasMaskToken);
    }

    [TestMethod]
    public void NamedSizesFollowTheProtocolTable()
    {
        Assert.AreEqual((384, 12, 6, 1536), Shape(VitSettings.Vits14()));
        Assert.AreEqual((768, 12, 12, 3072), Shape(VitSettings.Vitb14()));
        Assert.AreEqual((1024, 24, 16, 4096), Shape(VitSettings.Vitl14()));
        Assert.AreEqual(64, VitSettings.Vitl14().HeadDim);
        Assert.AreEqual(1e-6, VitSettings.Vits14().LayerNormEps);
        Assert.AreEqual(8, VitSettings.Vits14(112).GridSize);
        Assert.AreEqual("vitb14", VitSettings.FromName("ViTB14").Name);
        Assert.AreEqual("vit-d192-l6-h3-m768-p14", VitSettings.Tiny().Name);
        Assert.AreEqual("vitl14", VitSettings.FindPublished(1024, 24, 4096, 14)?.Name);
        Assert.IsNull(VitSettings.FindPublished(64, 2, 64, 14));
        Assert.ThrowsExactly<ArgumentException>(() => VitSettings.FromName("vitg14"));
        Assert.ThrowsExactly<ArgumentException>(() => (VitSettings.Vits14() with { ImageSize = 100 }).Validate());

        static (int, int, int, int) Shape(VitSettings s) => (s.EmbedDim, s.Depth, s.NumHeads, s.MlpHidden);
    }
}
