using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Onnx;
using RedDino.Formats.Checkpoints;
using RedDino.Formats.Safetensors;
using RedDino.Tests.Shared;

namespace RedDino.Formats.Tests.Checkpoints;

/// <summary>The TorchSharp-free safetensors -> ONNX conversion on the fixture checkpoints (timm, DINOv2 hub and
/// teacher layouts) and on damaged copies: what it finds, what it writes, and how it refuses. That the written
/// graphs compute PyTorch's embeddings is checked where ONNX Runtime is (RedDino.MLNet.Tests), and that the timm
/// file gives the TorchSharp export's bytes in RedDino.Backbone.Tests.</summary>
[TestClass]
public sealed class SafetensorsBackboneTests
{
    private static string Fixture(string name) => RepoPaths.Fixture("backbone", name);

    [TestMethod]
    public void TheLayoutsAreFoundAndTheirExtrasSkipped()
    {
        var folder = RepoPaths.NewTempFolder();
        var timm = SafetensorsBackbone.Convert(Fixture("tiny_vit_timm.safetensors"), Path.Combine(folder, "timm.onnx"));
        Assert.AreEqual("timm-safetensors", timm.Layout);
        Assert.AreEqual(VitArchitecture.Custom(64, 2, 1, 64, 14), timm.Architecture);
        Assert.AreEqual(16, timm.PositionGrid);
        Assert.IsEmpty(timm.SkippedKeys);

        var teacher = SafetensorsBackbone.Convert(Fixture("tiny_vit_teacher.safetensors"), Path.Combine(folder, "teacher.onnx"));
        Assert.AreEqual("flat-safetensors[backbone.]", teacher.Layout);
        CollectionAssert.Contains(teacher.SkippedKeys.ToList(), "backbone.mask_token");
        Assert.IsTrue(teacher.SkippedKeys.Any(k => k.StartsWith("dino_head.", StringComparison.Ordinal)));

        var hub = SafetensorsBackbone.Convert(Fixture("tiny_vit_hub.safetensors"), Path.Combine(folder, "hub.onnx"));
        Assert.AreEqual(37, hub.PositionGrid);
        Assert.AreEqual(1, hub.Architecture.Depth);
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(Path.Combine(folder, "hub.onnx")));
        var pos = model.Graph.Initializer.Single(i => i.Name == "pos_embed_patches");
        CollectionAssert.AreEqual(new long[] { 1, 256, 64 }, pos.Dims.ToArray(), "the 37 x 37 grid is resized to 224 / 14 = 16");
        Assert.AreEqual(hub.SourceSha256, model.MetadataProps.Single(p => p.Key == MetadataKeys.SourceSha256).Value);
        Assert.AreEqual("224", model.MetadataProps.Single(p => p.Key == MetadataKeys.ImageSize).Value);
    }

    [TestMethod]
    public void TheSameCheckpointGivesTheSameBytes()
    {
        var folder = RepoPaths.NewTempFolder();
        SafetensorsBackbone.Convert(Fixture("tiny_vit_timm.safetensors"), Path.Combine(folder, "b.onnx"));
        SafetensorsBackbone.Convert(Fixture("tiny_vit_timm.safetensors"), Path.Combine(folder, "c.onnx"));
        CollectionAssert.AreEqual(File.ReadAllBytes(Path.Combine(folder, "b.onnx")), File.ReadAllBytes(Path.Combine(folder, "c.onnx")));
    }

    [TestMethod]
    public void AMissingOrMisshapedKeyIsNamedAndNothingIsWritten()
    {
        var folder = RepoPaths.NewTempFolder();
        var tensors = Timm();
        tensors.Remove("blocks.1.mlp.fc2.bias");
        tensors["norm.weight"] = ([65], new float[65]);
        tensors["extra.weight"] = ([2], new float[2]);
        var broken = Write(Path.Combine(folder, "broken.safetensors"), tensors);
        var onnx = Path.Combine(folder, "broken.onnx");
        var error = Assert.ThrowsExactly<InvalidDataException>(() => SafetensorsBackbone.Convert(broken, onnx));
        StringAssert.StartsWith(error.Message, $"{broken}: checkpoint does not match vit-d64-l2-h1-m64-p14: missing keys (1): blocks.1.mlp.fc2.bias; " +
            "unexpected keys (1): extra.weight; wrong shapes (1): norm.weight [65] expected [64]");
        Assert.IsFalse(File.Exists(onnx));
        Assert.IsEmpty(Directory.GetFiles(folder, "*.onnx*"));
    }

    [TestMethod]
    public void ANonFiniteWeightIsNamedAndNothingIsWritten()
    {
        var folder = RepoPaths.NewTempFolder();
        var tensors = Timm();
        tensors["blocks.0.attn.proj.weight"].Values[5] = float.NaN;
        var broken = Write(Path.Combine(folder, "nan.safetensors"), tensors);
        var onnx = Path.Combine(folder, "nan.onnx");
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => SafetensorsBackbone.Convert(broken, onnx)).Message,
            "tensor 'blocks.0.attn.proj.weight' holds 1 NaN or infinite value(s) of 4096");
        Assert.IsEmpty(Directory.GetFiles(folder, "*.onnx*"));
    }

    [TestMethod]
    public void NotABackboneOrNotSafetensorsIsSaid()
    {
        var folder = RepoPaths.NewTempFolder();
        var empty = Write(Path.Combine(folder, "head.safetensors"), new() { ["head.weight"] = ([2, 2], new float[4]) });
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => SafetensorsBackbone.Convert(empty, Path.Combine(folder, "x.onnx"))).Message,
            "no ViT backbone in it");
        Assert.IsFalse(SafetensorsBackbone.IsSafetensors(Fixture("tiny_vit_hub.pth")));
        Assert.IsTrue(SafetensorsBackbone.IsSafetensors(Fixture("tiny_vit_timm.safetensors")));
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => SafetensorsBackbone.Convert(Fixture("tiny_vit_timm.safetensors"),
            Path.Combine(folder, "y.onnx"), new SafetensorsConversionOptions { ImageSize = 100 })).Message, "image size 100 is not a positive multiple of the patch size 14");
    }

    private static Dictionary<string, (long[] Shape, float[] Values)> Timm() =>
        SafetensorsFile.Open(Fixture("tiny_vit_timm.safetensors")).ReadAllFloat32();

    /// <summary>A safetensors file written from the format's definition (F32 only).</summary>
    private static string Write(string path, Dictionary<string, (long[] Shape, float[] Values)> tensors)
    {
        var header = new Dictionary<string, object>();
        var data = new MemoryStream();
        var bytes = new byte[4];
        foreach (var (name, (shape, values)) in tensors)
        {
            var begin = data.Length;
            foreach (var v in values)
            {
                BinaryPrimitives.WriteSingleLittleEndian(bytes, v);
                data.Write(bytes);
            }
            header[name] = new { dtype = "F32", shape, data_offsets = new[] { begin, data.Length } };
        }
        var json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(header));
        using var file = File.Create(path);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)json.Length);
        file.Write(length);
        file.Write(json);
        data.WriteTo(file);
        return path;
    }
}
