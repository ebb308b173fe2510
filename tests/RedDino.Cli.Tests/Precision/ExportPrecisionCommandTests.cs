using RedDino.Formats;
using RedDino.MLNet.Embeddings;
using RedDino.Tests.Shared;

namespace RedDino.Cli.Tests.Precision;

/// <summary>`reddino export --precision`: a converted checkpoint with its metadata and nothing left beside it,
/// the built-in ResNet-18 refused at int8 (it has no MatMul/Gemm) without a file, and an unknown precision.</summary>
[TestClass]
public sealed class ExportPrecisionCommandTests : TempFolderTest
{
    [TestMethod]
    [DataRow("int8", "int8: 8 MatMul/Gemm quantized")]
    [DataRow("fp16", "fp16: ")]
    public void CheckpointIsWrittenAtThePrecision(string precision, string summary)
    {
        var output = Path.Combine(Folder, "tiny.onnx");
        var run = CliRun.Of("export", "--checkpoint", RepoPaths.Fixture("backbone", "tiny_vit_timm.safetensors"), "--image-size", "112",
            "--precision", precision, "--out", output);
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        StringAssert.Contains(run.Out, summary);
        Assert.AreEqual(output, run.LastLine);
        Assert.AreEqual(precision, RedDinoModelInfo.Read(output).Metadata[MetadataKeys.Precision]);
        CollectionAssert.AreEqual(new[] { output }, Directory.GetFiles(Folder), "the temporary fp32 model is gone");
    }

    [TestMethod]
    public void BuiltinResNetIsRefusedAtInt8()
    {
        var output = Path.Combine(Folder, "resnet.onnx");
        var run = CliRun.Of("export", "--builtin", "resnet18-imagenet", "--precision", "int8", "--out", output);
        Assert.AreEqual(1, run.ExitCode, run.ToString());
        StringAssert.Contains(run.Error, $"{output}: int8 conversion: no MatMul or Gemm");
        Assert.IsEmpty(Directory.GetFiles(Folder), "neither the output nor the temporary fp32 model");
    }

    [TestMethod]
    public void UnknownPrecisionIsAUsageError() =>
        Assert.AreEqual(2, CliRun.Of("export", "--builtin", "resnet18-imagenet", "--precision", "int4", "--out", Path.Combine(Folder, "x.onnx")).ExitCode);
}
