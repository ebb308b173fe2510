using Microsoft.ML;
using RedDino.Cli.Infrastructure;
using RedDino.MLNet;
using RedDino.MLNet.Embeddings;
using RedDino.Tests.Shared;

namespace RedDino.Cli.Tests.Commands;

/// <summary>Every kind of file the tool reads, given as zero bytes, random bytes or the first half of a valid
/// file, to the command that reads it: exit 1 (or 2) with a message that names the file; never a crash, a stack
/// trace or an "internal error".</summary>
[TestClass]
public sealed class GarbageFilesTests
{
    private static string Model => RepoPaths.Fixture("embedding", "tiny_vit.onnx");
    private static string Image => RepoPaths.Fixture("imaging", "sources", "rgb_37x23.png");

    /// <summary>Kind of file, extension, a valid example, and the command that reads FILE (OUT: a fresh output path).</summary>
    private static (string Kind, string Extension, Func<string, string> Valid, Func<string, string, string[]> Command)[] Inputs =>
    [
        ("onnx", ".onnx", _ => Model, (file, output) => ["embed", "--model", file, "--manifest", RepoPaths.Fixture("embedding", "manifest.csv"), "--out", output + ".csv", "--no-cache"]),
        ("manifest", ".csv", _ => RepoPaths.Fixture("embedding", "manifest.csv"), (file, output) => ["embed", "--model", Model, "--manifest", file, "--out", output + ".csv", "--no-cache"]),
        ("png", ".png", _ => Image, (file, output) => ["visualize", "--model", Model, "--image", file, "--out", output]),
        ("jpeg", ".jpg", _ => RepoPaths.Fixture("imaging", "sources", "smooth_150x113.jpg"), (file, output) => ["visualize", "--model", Model, "--image", file, "--out", output]),
        ("tiff", ".tif", _ => RepoPaths.Fixture("imaging", "sources", "rgb_50x40.tif"), (file, output) => ["predict", "--bundle", Bundle.Value, "--image", file, "--out", output + ".csv"]),
        ("embeddings csv", ".csv", _ => RepoPaths.Fixture("evaluation", "eval_small.csv"), (file, output) => ["eval", "--embeddings", file, "--protocol", "kfold", "--out", output]),
        ("parquet", ".parquet", ParquetExample, (file, output) => ["eval", "--embeddings", file, "--protocol", "kfold", "--out", output]),
        ("map input", ".parquet", ParquetExample, (file, output) => ["map", "--embeddings", file, "--out", output]),
        ("pth", ".pth", _ => RepoPaths.Fixture("backbone", "tiny_vit_teacher_checkpoint.pth"), (file, output) => ["export", "--checkpoint", file, "--out", output + ".onnx"]),
        ("safetensors", ".safetensors", _ => RepoPaths.Fixture("backbone", "tiny_vit_timm.safetensors"), (file, output) => ["export", "--checkpoint", file, "--out", output + ".onnx"]),
        ("bundle", ".zip", _ => Bundle.Value, (file, output) => ["predict", "--bundle", file, "--image", Image]),
        ("bench pipeline", ".json", _ => Path.Combine(RepoPaths.Root, "pipelines", "sample.json"), (file, output) => ["bench", file, "--out", output, "--quiet"]),
        ("pretrain config", ".json", _ => Path.Combine(RepoPaths.Root, "pipelines", "pretrain-nano.json"), (file, output) => ["pretrain", "--config", file, "--max-iterations", "1", "--out", output]),
    ];

    private static readonly ScratchFolder ClassFolder = new();

    private static readonly Lazy<string> Bundle = new(() =>
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(new[] { new ImageRow { ImagePath = Image, Label = "a" }, new ImageRow { ImagePath = RepoPaths.Fixture("imaging", "sources", "gray_61x45.png"), Label = "b" } });
        var model = ml.Transforms.ExtractRedDinoEmbeddings("Features", "ImagePath", Model)
            .Append(ml.Transforms.Conversion.MapValueToClassKey(["a", "b"]))
            .Append(ml.MulticlassClassification.Trainers.KNearestNeighbors(1)).Fit(data);
        var path = ClassFolder.File("tiny.reddino.zip");
        ml.Model.SaveRedDino(model, path);
        (model as IDisposable)?.Dispose();
        return path;
    });

    [ClassCleanup]
    public static void DeleteClassFolder() => ClassFolder.Dispose();

    private static string ParquetExample(string folder)
    {
        var path = Path.Combine(folder, "valid.parquet");
        EmbeddingSet.Read(RepoPaths.Fixture("evaluation", "eval_small.csv")).Write(path);
        return path;
    }

    public static IEnumerable<object[]> Cases() =>
        Inputs.SelectMany(input => new[] { "zero bytes", "random bytes", "first half" }.Select(variant => new object[] { input.Kind, variant }));

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void AGarbageFileEndsWithExitOneNamingIt(string kind, string variant)
    {
        using var scratch = new ScratchFolder();
        var input = Inputs.First(i => i.Kind == kind);
        var file = scratch.File("input" + input.Extension);
        File.WriteAllBytes(file, variant switch
        {
            "zero bytes" => [],
            "random bytes" => RandomBytes(kind.Sum(c => c)),
            _ => FirstHalf(File.ReadAllBytes(input.Valid(scratch.Path)), input.Extension),
        });
        var run = CliRun.Of(input.Command(file, scratch.File("out")));
        Assert.IsTrue(run.ExitCode is 1 or 2, run.ToString());
        StringAssert.Contains(run.Error, file, run.ToString());
        Assert.IsFalse(run.Error.Contains("   at "), "no stack trace\n" + run);
        Assert.IsFalse(run.Error.Contains("internal error"), run.ToString());
    }

    [TestMethod]
    public void ExceptionsAreClassifiedByWhatTheyMean()
    {
        Assert.IsTrue(BadInput.IsBadInput(new InvalidDataException("x")));
        Assert.IsTrue(BadInput.IsBadInput(new IOException("disk full")), "the file system's failures are the environment's, exit 1");
        Assert.IsTrue(BadInput.IsBadInput(new AggregateException(new FileNotFoundException("f"))));
        Assert.IsFalse(BadInput.IsBadInput(new NullReferenceException()), "a fault of the program is not bad input");
        Assert.IsFalse(BadInput.IsBadInput(new ArgumentOutOfRangeException("x")));
        Assert.AreEqual("IndexOutOfRangeException: first line", BadInput.DescribeFault(new IndexOutOfRangeException("first line\nsecond")));
    }

    // Half of a valid file; a CSV is cut just after a comma, so that its last row is short (a CSV cut at a row's
    // end is a valid, shorter file, which nothing can tell from the original).
    private static byte[] FirstHalf(byte[] bytes, string extension)
    {
        var cut = bytes.Length / 2;
        if (extension == ".csv")
            cut = Array.LastIndexOf(bytes, (byte)',', cut) + 1;
        return bytes[..cut];
    }

    private static byte[] RandomBytes(int seed)
    {
        var bytes = new byte[4096];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private sealed class ImageRow
    {
        public string ImagePath = "";
        public string Label = "";
    }
}
