using Onnx;
using RedDino.Formats;
using RedDino.Formats.Onnx.Precision;
using RedDino.MLNet.Tests.Embeddings;
using RedDino.Tests.Shared;
using static RedDino.MLNet.Tests.Precision.PrecisionTestModels;

namespace RedDino.MLNet.Tests.Precision;

/// <summary>Converting twice is refused with a message that says why and what to do: a model marked fp16/int8,
/// a quantized graph without the mark, float16 weights; the target file is then not written.</summary>
[TestClass]
public sealed class PrecisionRefusalTests : TempFolderTest
{
    [TestMethod]
    [DataRow(ModelPrecision.Int8, ModelPrecision.Int8)]
    [DataRow(ModelPrecision.Int8, ModelPrecision.Fp16)]
    [DataRow(ModelPrecision.Fp16, ModelPrecision.Int8)]
    [DataRow(ModelPrecision.Fp16, ModelPrecision.Fp16)]
    public void ReducedPrecisionModelsAreNotConvertedAgain(ModelPrecision first, ModelPrecision second)
    {
        var once = Path.Combine(Folder, "once.onnx");
        OnnxPrecisionConverter.Convert(TinyBackbone.Model, once, first);
        var twice = Path.Combine(Folder, "twice.onnx");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => OnnxPrecisionConverter.Convert(once, twice, second));
        StringAssert.Contains(e.Message, once);
        StringAssert.Contains(e.Message, $"already {first.Name()}");
        StringAssert.Contains(e.Message, "convert the fp32 model");
        Assert.IsFalse(File.Exists(twice));
    }

    [TestMethod]
    public void UnmarkedQuantizedOrHalfGraphsAreRefusedToo()
    {
        var quantized = Load(TinyBackbone.Model);
        OnnxPrecisionConverter.Convert(quantized, ModelPrecision.Int8);
        quantized.MetadataProps.Remove(quantized.MetadataProps.Single(p => p.Key == MetadataKeys.Precision));
        var e = Assert.ThrowsExactly<InvalidDataException>(() => OnnxPrecisionConverter.Convert(quantized, ModelPrecision.Int8));
        StringAssert.Contains(e.Message, "already quantized");

        var half = Load(TinyBackbone.Model);
        OnnxPrecisionConverter.Convert(half, ModelPrecision.Fp16);
        half.MetadataProps.Remove(half.MetadataProps.Single(p => p.Key == MetadataKeys.Precision));
        e = Assert.ThrowsExactly<InvalidDataException>(() => OnnxPrecisionConverter.Convert(half, ModelPrecision.Int8));
        StringAssert.Contains(e.Message, "Float16 weights");
    }

    [TestMethod]
    public void Fp32TargetAndUnknownMarksAreErrors()
    {
        Assert.ThrowsExactly<ArgumentException>(() => OnnxPrecisionConverter.Convert(Load(TinyBackbone.Model), ModelPrecision.Fp32));
        var model = Load(TinyBackbone.Model);
        model.MetadataProps.Add(new StringStringEntryProto { Key = MetadataKeys.Precision, Value = "int4" });
        var e = Assert.ThrowsExactly<InvalidDataException>(() => OnnxPrecisionConverter.Convert(model, ModelPrecision.Int8));
        StringAssert.Contains(e.Message, "'int4'");
    }
}
