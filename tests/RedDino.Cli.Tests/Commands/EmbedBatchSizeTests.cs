using RedDino.Tests.Shared;

namespace RedDino.Cli.Tests.Commands;

/// <summary>`reddino embed --batch-size N|auto`: auto is the default and says what it chose.</summary>
[TestClass]
public sealed class EmbedBatchSizeTests
{
    [TestMethod]
    [DataRow(new string[0], "batch 32 (auto)")]
    [DataRow(new[] { "--batch-size", "auto" }, "batch 32 (auto)")]
    [DataRow(new[] { "--batch-size", "3" }, "batch 3, ")]
    public void TheStartLineNamesTheBatchSize(string[] option, string expected)
    {
        var folder = RepoPaths.NewTempFolder();
        try
        {
            var run = CliRun.Of(["embed", "--model", RepoPaths.Fixture("embedding", "tiny_vit.onnx"), "--manifest", RepoPaths.Fixture("embedding", "manifest.csv"),
                "--out", Path.Combine(folder, "e.csv"), "--no-cache", "--device", "cpu", .. option]);
            Assert.AreEqual(0, run.ExitCode, run.ToString());
            StringAssert.Contains(run.Error, expected);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
