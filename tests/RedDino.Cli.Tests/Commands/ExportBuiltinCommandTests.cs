using RedDino.Tests.Shared;

namespace RedDino.Cli.Tests.Commands;

[TestClass]
public sealed class ExportBuiltinCommandTests
{
    [TestMethod]
    public void BuiltinResNet18IsWrittenAndItsPathPrinted()
    {
        var output = Path.Combine(RepoPaths.NewTempFolder(), "r18.onnx");
        var run = CliRun.Of("export", "--builtin", "resnet18-imagenet", "--out", output);
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        Assert.AreEqual(Path.GetFullPath(output), run.LastLine);
        Assert.IsGreaterThan(40_000_000L, new FileInfo(output).Length, "the ResNet-18 weights are in the file");
        File.Delete(output); // 64 MB
    }

    [TestMethod]
    public void UnknownBuiltinIsExitCode1NamingTheKnownOnes()
    {
        var run = CliRun.Of("export", "--builtin", "resnet50", "--out", Path.Combine(RepoPaths.NewTempFolder(), "x.onnx"));
        Assert.AreEqual(1, run.ExitCode, run.ToString());
        StringAssert.Contains(run.Error, "unknown built-in backbone 'resnet50' (known: resnet18-imagenet)");
    }
}
