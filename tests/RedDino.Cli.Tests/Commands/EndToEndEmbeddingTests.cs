using Microsoft.ML;
using Microsoft.ML.Data;
using RedDino.MLNet;
using RedDino.MLNet.Embeddings;
using RedDino.Tests.Shared;

namespace RedDino.Cli.Tests.Commands;

/// <summary>Acceptance, end to end: the backbone fixture's checkpoints (tests/fixtures/backbone), exported with
/// `reddino export --checkpoint`, run through ML.NET's ExtractRedDinoEmbeddings on the 224 x 224 cell PNGs,
/// equal the independent PyTorch forward (`cls_224`) within |a - b| &lt;= 1e-4 + 1e-4 |b|.</summary>
[TestClass]
public sealed class EndToEndEmbeddingTests
{
    private const int Dim = 64;

    public TestContext TestContext { get; set; } = null!;

    private sealed class Cell
    {
        public string ImagePath = "";
    }

    [TestMethod]
    [DataRow("tiny_vit_timm.safetensors")]
    [DataRow("tiny_vit_teacher_checkpoint.pth")]
    public void ExportedCheckpointThroughTheEstimatorMatchesPyTorch(string checkpoint)
    {
        var model = Path.Combine(RepoPaths.NewTempFolder(), "tiny.onnx");
        var export = CliRun.Of("export", "--checkpoint", RepoPaths.Fixture("backbone", checkpoint), "--out", model);
        Assert.AreEqual(0, export.ExitCode, export.ToString());

        var ml = new MLContext(1);
        var cells = Enumerable.Range(0, 4).Select(i => new Cell { ImagePath = RepoPaths.Fixture("backbone", "images", $"cell_{i}.png") }).ToList();
        var data = ml.Data.LoadFromEnumerable(cells);
        using var transformer = ml.Transforms.ExtractRedDinoEmbeddings("Features", nameof(Cell.ImagePath), model,
            new RedDinoEmbeddingOptions { BatchSize = 3, Device = EmbeddingDevice.Cpu }).Fit(data);
        Assert.AreEqual(Dim, transformer.Model.EmbedDim);
        var actual = transformer.Transform(data).GetColumn<float[]>("Features").SelectMany(v => v).ToArray();

        var bytes = File.ReadAllBytes(RepoPaths.Fixture("backbone", "expected", "cls_224.bin"));
        var expected = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, expected, 0, bytes.Length);
        Assert.HasCount(4 * Dim, expected);
        Assert.HasCount(expected.Length, actual);
        TestContext.WriteLine($"{checkpoint}: max |a - b| = {expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max():E2}");
        for (var i = 0; i < expected.Length; i++)
            Assert.IsLessThanOrEqualTo(1e-4 + 1e-4 * Math.Abs(expected[i]), Math.Abs(actual[i] - expected[i]),
                $"{checkpoint}: cell {i / Dim}, value {i % Dim}: {actual[i]} vs {expected[i]}");
    }
}
