using System.Text.Json;
using System.Text.Json.Nodes;
using RedDino.Pretraining.Config;
using RedDino.Pretraining.Losses;
using RedDino.Tests.Shared;

namespace RedDino.Pretraining.Tests.Config;

[TestClass]
public sealed class PretrainConfigTests
{
    private static string WriteConfig(string folder, string json)
    {
        var path = Path.Combine(folder, "pretrain-test.json");
        File.WriteAllText(path, json);
        return path;
    }

    [TestMethod]
    public void DefaultsStateEverySettingOfTheTypedConfiguration()
    {
        var defaults = PretrainConfigLoader.Defaults();
        var typed = defaults.Deserialize<PretrainConfig>(PretrainConfigLoader.SerializerOptions)!;
        var roundTrip = JsonSerializer.SerializeToNode(typed, PretrainConfigLoader.SerializerOptions)!.AsObject();
        CollectionAssert.AreEquivalent(Keys(defaults).ToList(), Keys(roundTrip).ToList());
        Assert.IsTrue(JsonNode.DeepEquals(defaults, roundTrip), "defaults survive a round trip unchanged");
        Assert.AreEqual(Centering.SinkhornKnopp, typed.Train.Centering);
        Assert.AreEqual(DinoNormalisation.Reference, typed.Dino.LossNormalisation);
        Assert.AreEqual(LrScalingRule.SqrtWrt1024, typed.Optim.ScalingRule);
        Assert.AreEqual(0.0, typed.Dino.KoleoLossWeight, "RedDino drops KoLeo");
        Assert.HasCount(33, typed.Augmentation.RbcTransforms);
    }

    private static IEnumerable<string> Keys(JsonObject o, string prefix = "") =>
        o.SelectMany(kv => kv.Value is JsonObject child
            ? Keys(child, prefix + kv.Key + ".")
            : [prefix + kv.Key]);

    [TestMethod]
    public void FileOverridesThenSetAssignmentsWin()
    {
        var folder = RepoPaths.NewTempFolder();
        var path = WriteConfig(folder, """
            { "kind": "pretrain", // comments are allowed
              "train": { "batch_size": 8, "centering": "centering" },
              "data": { "images": "smears", "exclude_lists": ["held-out.txt"] } }
            """);
        var (json, config) = PretrainConfigLoader.Load(path, ["dino.koleo_loss_weight=0.1", "augmentation.pipeline=dinov2", "crops.global_crops_scale=[0.4,1]"]);
        Assert.AreEqual(8, config.Train.BatchSize);
        Assert.AreEqual(Centering.Centering, config.Train.Centering);
        Assert.AreEqual(0.1, config.Dino.KoleoLossWeight);
        Assert.AreEqual(AugmentationPipeline.Dinov2, config.Augmentation.Pipeline);
        CollectionAssert.AreEqual(new[] { 0.4, 1.0 }, config.Crops.GlobalCropsScale);
        Assert.AreEqual(Path.Combine(folder, "smears"), config.Data.Images, "relative to the file's folder");
        Assert.AreEqual(Path.Combine(folder, "held-out.txt"), config.Data.ExcludeLists[0]);
        Assert.AreEqual(280 * 0 + 3200, config.Train.OfficialEpochLength, "untouched settings keep the default");

        // Written beside the outputs with paths relative to that folder, it reads back the same.
        var outDir = Path.Combine(folder, "run", "out");
        Directory.CreateDirectory(outDir);
        var merged = Path.Combine(outDir, "config.json");
        PretrainConfigLoader.WriteMerged(json, merged);
        StringAssert.Contains(File.ReadAllText(merged), "\"../../smears\"");
        var (_, again) = PretrainConfigLoader.Load(merged, []);
        Assert.AreEqual(config.Data.Images, again.Data.Images);
        Assert.AreEqual(0.1, again.Dino.KoleoLossWeight);
    }

    [TestMethod]
    public void UnknownKeysAndBadValuesAreErrorsNamingTheKey()
    {
        var folder = RepoPaths.NewTempFolder();
        var unknown = WriteConfig(folder, """{ "kind": "pretrain", "optim": { "lr_typo": 1 } }""");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => PretrainConfigLoader.Load(unknown, []));
        StringAssert.Contains(e.Message, "'optim.lr_typo'");
        StringAssert.Contains(e.Message, unknown);

        var group = WriteConfig(folder, """{ "kind": "pretrain", "nonsense": {} }""");
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => PretrainConfigLoader.Load(group, [])).Message, "'nonsense'");

        var noKind = WriteConfig(folder, """{ "train": { "batch_size": 2 } }""");
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => PretrainConfigLoader.Load(noKind, [])).Message, "'kind'");

        var badType = WriteConfig(folder, """{ "kind": "pretrain", "data": { "images": "x" }, "train": { "batch_size": "many" } }""");
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => PretrainConfigLoader.Load(badType, [])).Message, "'train.batch_size'");

        var badEnum = WriteConfig(folder, """{ "kind": "pretrain", "data": { "images": "x" }, "train": { "centering": "median" } }""");
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => PretrainConfigLoader.Load(badEnum, [])).Message, "'train.centering'");

        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => PretrainConfigLoader.Load(null, ["data.images=x", "dino.nope=1"])).Message, "'dino.nope'");
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => PretrainConfigLoader.Load(null, ["data.images=x", "train.seed=abc"])).Message, "train.seed");
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => PretrainConfigLoader.Load(null, ["data.images=x", "crops.global_crops_size=100"])).Message, "'crops.global_crops_size'");
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => PretrainConfigLoader.Load(null, [])).Message, "'data.images'");
    }

    [TestMethod]
    public void SetErrorsBlameTheKeyTheyNameAndSayWhatItTakesInPlainWords()
    {
        string Error(params string[] set) =>
            Assert.ThrowsExactly<InvalidDataException>(() => PretrainConfigLoader.Load(null, ["data.images=x", "dino.koleo_loss_weight=0.1", .. set])).Message;

        // A bad value is blamed on its own key, before checks that involve another one (KoLeo needs batches of 2).
        Assert.AreEqual("--set train.batch_size=-4: key 'train.batch_size' must be positive", Error("train.batch_size=-4"));
        StringAssert.Contains(Error("train.batch_size=1"), "--set train.batch_size=1: key 'train.batch_size' must be at least 2 while dino.koleo_loss_weight is 0.1");
        // 1e400 reads as infinity: refused as a value of that key, as are NaN-making infinities in a file.
        Assert.AreEqual("--set optim.base_lr=1e400: 'optim.base_lr': 1e400 is not a finite number", Error("optim.base_lr=1e400"));
        // Types in words, not .NET names; the allowed values of a choice listed.
        Assert.AreEqual("--set train.batch_size=1.5: key 'train.batch_size' must be a whole number, not 1.5", Error("train.batch_size=1.5"));
        Assert.AreEqual("--set train.centering=median: key 'train.centering' must be one of: sinkhorn_knopp, centering, not \"median\"", Error("train.centering=median"));
        StringAssert.Contains(Error("crops.global_crops_scale=[0.3,\"x\"]"), "key 'crops.global_crops_scale' must be a list of numbers");
        foreach (var message in new[] { Error("train.batch_size=1.5"), Error("train.centering=median") })
            Assert.DoesNotContain("System.", message);

        var folder = RepoPaths.NewTempFolder();
        var file = WriteConfig(folder, """{ "kind": "pretrain", "data": { "images": "x" }, "optim": { "base_lr": 1e999 } }""");
        Assert.AreEqual($"{file}: 'optim.base_lr': 1e999 is not a finite number",
            Assert.ThrowsExactly<InvalidDataException>(() => PretrainConfigLoader.Load(file, [])).Message);
    }

    [TestMethod]
    public void ShippedPipelinesLoad()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(RepoPaths.Root, "pipelines"), "pretrain-*.json"))
        {
            // Files that start from pretrained weights require the key; validation does not open it.
            var (_, config) = PretrainConfigLoader.Load(file, ["student.pretrained_weights=weights.pth"]);
            Assert.IsGreaterThan(0, config.TotalIterations, file);
        }
    }

    [TestMethod]
    public void RedDinoVits14RequiresPretrainedWeightsAndTheFromScratchFileIsDinov2()
    {
        var vits14 = Path.Combine(RepoPaths.Root, "pipelines", "pretrain-vits14.json");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => PretrainConfigLoader.Load(vits14, []));
        StringAssert.Contains(e.Message, "'student.pretrained_weights'");
        StringAssert.Contains(e.Message, "dinov2_vits14_pretrain.pth");
        var (_, paper) = PretrainConfigLoader.Load(vits14, ["student.pretrained_weights=/models/dinov2_vits14_pretrain.pth"]);
        Assert.AreEqual(0.0, paper.Student.DropPathRate, "RedDino trains without drop path");

        var (_, scratch) = PretrainConfigLoader.Load(Path.Combine(RepoPaths.Root, "pipelines", "pretrain-vits14-from-scratch.json"), []);
        Assert.AreEqual("", scratch.Student.PretrainedWeights);
        Assert.AreEqual(0.3, scratch.Student.DropPathRate);
        Assert.IsTrue(scratch.Student.DropPathUniform);
        Assert.AreEqual(Centering.Centering, scratch.Train.Centering);

        // The rule is general: any configuration can ask for it.
        var custom = Assert.ThrowsExactly<InvalidDataException>(() => PretrainConfigLoader.Load(null, ["data.images=x", "student.require_pretrained_weights=true"]));
        StringAssert.Contains(custom.Message, "'student.pretrained_weights'");
    }
}
