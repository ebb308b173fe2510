using System.IO.Compression;
using RedDino.Backbone.Import;
using RedDino.Backbone.Tests.Support;
using static TorchSharp.torch;

namespace RedDino.Backbone.Tests.Import;

/// <summary>Each kind of bad input fails with an InvalidDataException (FileNotFoundException for a
/// missing file) whose message names the file and what is wrong.</summary>
[TestClass]
public sealed class BadCheckpointTests
{
    private static InvalidDataException Fails(string path, ImportOptions? options = null)
    {
        var e = Assert.ThrowsExactly<InvalidDataException>(() => CheckpointImporter.Import(path, options));
        StringAssert.Contains(e.Message, path);
        return e;
    }

    [TestMethod]
    public void TruncatedSafetensors()
    {
        var length = new FileInfo(BackboneFixture.TimmSafetensors).Length;
        var e = Fails(CheckpointFiles.Truncated(BackboneFixture.TimmSafetensors, length - 1000));
        StringAssert.Contains(e.Message, "truncated");
    }

    [TestMethod]
    public void SafetensorsCutInsideItsHeader()
    {
        var e = Fails(CheckpointFiles.Truncated(BackboneFixture.TimmSafetensors, 200));
        StringAssert.Contains(e.Message, "not a checkpoint");
    }

    [TestMethod]
    public void TruncatedPth()
    {
        var length = new FileInfo(BackboneFixture.TeacherCheckpoint).Length;
        var e = Fails(CheckpointFiles.Truncated(BackboneFixture.TeacherCheckpoint, length / 2));
        StringAssert.Contains(e.Message, "not a readable PyTorch checkpoint");
    }

    [TestMethod]
    [DataRow("safetensors", float.NaN)]
    [DataRow("pth", float.PositiveInfinity)]
    public void NonFiniteWeightsAreRefusedNamingTheTensor(string format, float value)
    {
        Action<Dictionary<string, Tensor>> poison = t => t["blocks.1.attn.proj.weight"][3, 5] = value;
        var path = format == "pth" ? CheckpointFiles.EditedPth(poison) : CheckpointFiles.EditedSafetensors(poison);
        var e = Fails(path);
        StringAssert.Contains(e.Message, "tensor 'blocks.1.attn.proj.weight' holds 1 NaN or infinite value(s) of 4096");
    }

    [TestMethod]
    [DataRow(0), DataRow(4)]
    public void ZeroByteAndGarbagePthNameTheFile(int length)
    {
        var path = CheckpointFiles.WithBytes("garbage.pth", [.. "PK\u0003\u0004"u8.ToArray().Take(length), .. new byte[length * 10]]);
        Fails(path);
    }

    [TestMethod]
    public void WrongShapes()
    {
        var path = CheckpointFiles.EditedSafetensors(t =>
        {
            t["blocks.1.mlp.fc1.weight"] = randn(32, 64);
            t["norm.bias"] = randn(65);
        });
        var e = Fails(path);
        StringAssert.Contains(e.Message, "wrong shapes (2): blocks.1.mlp.fc1.weight [32, 64] expected [64, 64], norm.bias [65] expected [64]");
        CollectionAssert.AreEqual(new[] { "blocks.1.mlp.fc1.weight [32, 64] expected [64, 64]", "norm.bias [65] expected [64]" }, (string[])e.Data["wrong_shapes"]!);
    }

    [TestMethod]
    public void MissingKeys()
    {
        var path = CheckpointFiles.EditedSafetensors(t =>
        {
            t.Remove("blocks.1.ls2.gamma");
            t.Remove("norm.weight");
        });
        var e = Fails(path);
        StringAssert.Contains(e.Message, "missing keys (2): blocks.1.ls2.gamma, norm.weight");
    }

    [TestMethod]
    public void MissingAndUnexpectedKeysUnderThePrefixAreNamedAsInTheFile()
    {
        var path = CheckpointFiles.EditedPth(t =>
        {
            CheckpointFiles.Rename(k => "backbone." + k)(t);
            t.Remove("backbone.cls_token");
            t["backbone.blocks.0.attn.extra"] = zeros(3);
        });
        var e = Fails(path);
        StringAssert.Contains(e.Message, "missing keys (1): backbone.cls_token");
        StringAssert.Contains(e.Message, "unexpected keys (1): backbone.blocks.0.attn.extra");
    }

    [TestMethod]
    public void ExplicitArchThatDoesNotFit()
    {
        var e = Fails(BackboneFixture.TimmSafetensors, new ImportOptions { Arch = "vits14" });
        StringAssert.Contains(e.Message, "does not match vits14");
        StringAssert.Contains(e.Message, "missing keys (140): blocks.2.norm1.weight, blocks.2.norm1.bias, blocks.2.attn.qkv.weight");
        StringAssert.Contains(e.Message, "patch_embed.proj.weight [64, 3, 14, 14] expected [384, 3, 14, 14]");
    }

    [TestMethod]
    public void UnknownLayout()
    {
        var path = CheckpointFiles.EditedSafetensors(CheckpointFiles.Rename(k => k.Replace("patch_embed.proj", "stem.conv", StringComparison.Ordinal)));
        var e = Fails(path);
        StringAssert.Contains(e.Message, "unknown layout: no ViT backbone in it (no key ending in 'patch_embed.proj.weight')");
    }

    [TestMethod]
    public void TwoBackbonesAreAmbiguous()
    {
        var path = CheckpointFiles.EditedPth(t =>
        {
            foreach (var (k, v) in t.ToList())
            {
                t.Remove(k);
                t["student.backbone." + k] = v;
                t["teacher.backbone." + k] = v.clone();
            }
        });
        var e = Fails(path);
        StringAssert.Contains(e.Message, "several backbones in it (prefixes 'student.backbone.', 'teacher.backbone.')");
    }

    [TestMethod]
    public void NotACheckpoint()
    {
        var e = Fails(BackboneFixture.Path("images", "cell_0.png"));
        StringAssert.Contains(e.Message, "not a checkpoint");
        var text = CheckpointFiles.WithBytes("notes.pth", "hello, not a model"u8.ToArray());
        StringAssert.Contains(Fails(text).Message, "not a checkpoint");
        var empty = CheckpointFiles.WithBytes("empty.safetensors", []);
        StringAssert.Contains(Fails(empty).Message, "not a checkpoint");
    }

    [TestMethod]
    public void ZipThatIsNotAPyTorchFile()
    {
        var path = Path.Combine(RedDino.Tests.Shared.RepoPaths.NewTempFolder(), "archive.pth");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
            using (var writer = new StreamWriter(zip.CreateEntry("readme.txt").Open()))
                writer.Write("just a zip");
        StringAssert.Contains(Fails(path).Message, "not a readable PyTorch checkpoint");
    }

    [TestMethod]
    public void LegacyTorchSaveFormat()
    {
        var path = CheckpointFiles.WithBytes("legacy.pth", [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, 0x2e]);
        StringAssert.Contains(Fails(path).Message, "legacy (non-zip) torch.save format");
    }

    [TestMethod]
    public void IntegerTensor()
    {
        var path = CheckpointFiles.EditedSafetensors(t => t["norm.bias"] = zeros(64, ScalarType.Int64));
        StringAssert.Contains(Fails(path).Message, "tensor 'norm.bias' has dtype Int64, expected floating point");
    }

    [TestMethod]
    public void MissingFile()
    {
        var path = Path.Combine(RedDino.Tests.Shared.RepoPaths.NewTempFolder(), "nope.safetensors");
        var e = Assert.ThrowsExactly<FileNotFoundException>(() => CheckpointImporter.Import(path));
        StringAssert.Contains(e.Message, path);
    }
}
