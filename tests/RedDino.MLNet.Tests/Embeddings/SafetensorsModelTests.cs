using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using RedDino.MLNet.Embeddings;
using RedDino.Tests.Shared;

namespace RedDino.MLNet.Tests.Embeddings;

/// <summary>Real weights in one line: <c>ExtractRedDinoEmbeddings("Features", "ImagePath", "model.safetensors")</c> on
/// the backbone fixture's checkpoints (timm, DINOv2 hub with a 37 x 37 grid, DINOv2 teacher entries), against the
/// PyTorch forward of make_backbone_fixtures.py (|a - b| &lt;= 1e-4 + 1e-4 |b|), and the converted-model cache:
/// content-addressed, reused, safe when several convert at once.</summary>
[TestClass]
public sealed class SafetensorsModelTests
{
    private const double Atol = 1e-4, Rtol = 1e-4;

    public TestContext TestContext { get; set; } = null!;

    private sealed class Cell
    {
        public string ImagePath = "";
    }

    private sealed class Embedded
    {
        [VectorType(64)] public float[] Features = [];
    }

    [TestMethod]
    [DataRow("tiny_vit_timm.safetensors", "cls_224")]
    [DataRow("tiny_vit_teacher.safetensors", "cls_224")]
    [DataRow("tiny_vit_hub.safetensors", "cls_224_hub")]
    public void SafetensorsEmbedAsPyTorch(string checkpoint, string expectedName)
    {
        var cache = RepoPaths.NewTempFolder();
        var ml = new MLContext(0);
        var cells = ml.Data.LoadFromEnumerable(Images().Select(p => new Cell { ImagePath = p }));
        using var model = ml.Transforms.ExtractRedDinoEmbeddings("Features", "ImagePath", Fixture(checkpoint),
            new RedDinoEmbeddingOptions { ModelCacheFolder = cache, Device = EmbeddingDevice.Cpu }).Fit(cells);
        var actual = model.Transform(cells).GetColumn<float[]>("Features").SelectMany(v => v).ToArray();
        var expected = Array(expectedName);
        Assert.HasCount(expected.Length, actual);
        var worst = 0.0;
        for (var i = 0; i < actual.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(actual[i] - expected[i]));
            Assert.IsTrue(Math.Abs(actual[i] - expected[i]) <= Atol + Rtol * Math.Abs(expected[i]),
                $"{checkpoint}: image {i / 64}, feature {i % 64}: {actual[i]} vs PyTorch {expected[i]}");
        }
        TestContext.WriteLine($"{checkpoint} vs PyTorch: max |a - b| = {worst:E2}");
        Assert.AreEqual(Path.GetFileNameWithoutExtension(checkpoint), model.Model.Name, "embedding files name the checkpoint, not the cache entry");
        Assert.AreEqual(Fixture(checkpoint), model.Model.ConvertedFrom);
        Assert.AreEqual(cache, Path.GetDirectoryName(model.Model.Path));

        var prediction = ml.Model.CreatePredictionEngine<Cell, Embedded>(model);
        CollectionAssert.AreEqual(actual[..64], prediction.Predict(new Cell { ImagePath = Images()[0] }).Features);
    }

    [TestMethod]
    public void AConvertedCheckpointIsReusedByItsContent()
    {
        var folder = RepoPaths.NewTempFolder();
        var cache = Path.Combine(folder, "models");
        var options = new RedDinoEmbeddingOptions { ModelCacheFolder = cache };
        string first;
        using (var engine = new EmbeddingEngine(Fixture("tiny_vit_timm.safetensors"), options))
            first = engine.Model.Path;
        var written = File.GetLastWriteTimeUtc(first);

        // The same bytes under another name: the same entry, the name of its own.
        var copy = Path.Combine(folder, "renamed-small.safetensors");
        File.Copy(Fixture("tiny_vit_timm.safetensors"), copy);
        using (var engine = new EmbeddingEngine(copy, options))
        {
            Assert.AreEqual(first, engine.Model.Path);
            Assert.AreEqual("renamed-small", engine.Model.Name);
            Assert.AreEqual("renamed-small", engine.FileInfo().ModelName);
        }
        Assert.AreEqual(written, File.GetLastWriteTimeUtc(first), "reused, not rewritten");

        // Other bytes: another entry. Nothing else is left in the folder.
        using (var engine = new EmbeddingEngine(Fixture("tiny_vit_teacher.safetensors"), options))
            Assert.AreNotEqual(first, engine.Model.Path);
        CollectionAssert.AreEquivalent(new[] { ".onnx", ".onnx" }, Directory.GetFiles(cache).Select(Path.GetExtension).ToArray());
    }

    [TestMethod]
    public void ConcurrentConversionsLeaveOneWholeEntry()
    {
        var folder = RepoPaths.NewTempFolder();
        // Distinct copies, so the process-wide memo of resolved files does not serialise them: four real conversions at once.
        var copies = Enumerable.Range(0, 4).Select(i =>
        {
            var path = Path.Combine(folder, $"copy{i}.safetensors");
            File.Copy(Fixture("tiny_vit_timm.safetensors"), path);
            return path;
        }).ToArray();
        var cache = Path.Combine(folder, "models");
        var paths = new string[copies.Length];
        Parallel.For(0, copies.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 },
            i => paths[i] = ConvertedBackbones.Resolve(copies[i], cache).OnnxPath);
        Assert.HasCount(1, paths.Distinct());
        Assert.HasCount(1, Directory.GetFiles(cache), string.Join(", ", Directory.GetFiles(cache)));
        using var engine = new EmbeddingEngine(paths[0]);
        Assert.AreEqual(64, engine.EmbedDim);
    }

    [TestMethod]
    public void APthCheckpointNamesTheCommandThatConvertsIt()
    {
        var error = Assert.ThrowsExactly<InvalidDataException>(() =>
            new EmbeddingEngine(Fixture("tiny_vit_hub.pth"), new RedDinoEmbeddingOptions { ModelCacheFolder = RepoPaths.NewTempFolder() }));
        StringAssert.Contains(error.Message, "cannot be read without LibTorch");
        StringAssert.Contains(error.Message, "reddino export --checkpoint tiny_vit_hub.pth --out tiny_vit_hub.onnx");
    }

    [TestMethod]
    public void TheDefaultFolderIsDocumentedAndMovable()
    {
        var previous = Environment.GetEnvironmentVariable(ConvertedBackbones.FolderVariable);
        try
        {
            Environment.SetEnvironmentVariable(ConvertedBackbones.FolderVariable, "/somewhere/models");
            Assert.AreEqual("/somewhere/models", ConvertedBackbones.DefaultFolder());
            Environment.SetEnvironmentVariable(ConvertedBackbones.FolderVariable, null);
            if (!OperatingSystem.IsWindows())
                StringAssert.EndsWith(ConvertedBackbones.DefaultFolder(), Path.Combine("reddino", "models"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(ConvertedBackbones.FolderVariable, previous);
        }
    }

    private static string Fixture(string name) => RepoPaths.Fixture("backbone", name);

    private static string[] Images() => Enumerable.Range(0, 4).Select(i => Fixture(Path.Combine("images", $"cell_{i}.png"))).ToArray();

    private static float[] Array(string name)
    {
        using var description = JsonDocument.Parse(File.ReadAllText(Fixture("expected.json")));
        var file = description.RootElement.GetProperty("arrays").GetProperty(name).GetProperty("file").GetString()!;
        var bytes = File.ReadAllBytes(Fixture(file));
        var values = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        return values;
    }
}
