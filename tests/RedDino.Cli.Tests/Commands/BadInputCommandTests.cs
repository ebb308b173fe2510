using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.ML;
using RedDino.Formats.Imaging;
using RedDino.MLNet;
using RedDino.Tests.Shared;
using TorchSharp.PyBridge;

namespace RedDino.Cli.Tests.Commands;

/// <summary>The campaign's bad inputs through the command line: each ends with exit 1 (bad input) or 2 (usage)
/// and one message naming the file, row or key; nothing crashes, nothing prints a stack trace.</summary>
[TestClass]
public sealed class BadInputCommandTests
{
    private static string Model => RepoPaths.Fixture("embedding", "tiny_vit.onnx");
    private static string Good => RepoPaths.Fixture("imaging", "sources", "rgb_37x23.png");

    private static void AssertFails(CliRun run, int exitCode, params string[] expected)
    {
        Assert.AreEqual(exitCode, run.ExitCode, run.ToString());
        foreach (var text in expected) StringAssert.Contains(run.Error, text, run.ToString());
        Assert.IsFalse(run.Error.Contains("   at "), "no stack trace\n" + run);
        Assert.IsFalse(run.Error.Contains("internal error"), run.ToString());
    }

    private static string[] Embed(string manifest, string output, params string[] more) =>
        ["embed", "--model", Model, "--manifest", manifest, "--out", output, "--no-cache", "--device", "cpu", .. more];

    [TestMethod]
    public void BombsAreBadRowsForEmbedSkipBadAndValidate()
    {
        using var scratch = new ScratchFolder();
        foreach (var (format, extension, bytes, _, _) in BombFiles.All())
            File.WriteAllBytes(scratch.File($"bomb-{format}{extension}"), bytes);
        var manifest = scratch.File("manifest.csv");
        File.WriteAllText(manifest, "path,label\n" + $"{Good},a\n" + string.Concat(BombFiles.All().Select(b => $"bomb-{b.Format}{b.Extension},b\n")));
        var output = scratch.File("out.csv");

        AssertFails(CliRun.Of(Embed(manifest, output)), 1, $"{manifest}, row 2: {scratch.File("bomb-PNG.png")}: image declares 60000x60000");
        Assert.IsFalse(File.Exists(output));

        var skipped = CliRun.Of(Embed(manifest, output, "--skip-bad"));
        Assert.AreEqual(0, skipped.ExitCode, skipped.ToString());
        var lines = File.ReadAllLines(output + ".skipped.csv");
        Assert.HasCount(7, lines, "header + the six bombs");
        foreach (var (format, _, _, width, height) in BombFiles.All())
            Assert.IsTrue(lines.Any(l => l.Contains($"bomb-{format}") && l.Contains($"{width}x{height}")), format);

        var validate = CliRun.Of("manifest", "validate", manifest, "--folds", "2");
        Assert.AreEqual(1, validate.ExitCode, validate.ToString());
        StringAssert.Contains(validate.Out, "error: unreadable images: 6");
        StringAssert.Contains(validate.Out, "more than the limit of 89,478,485");

        // The limit is an option: at 850 pixels the 37x23 image (851) is refused as well.
        var lowered = CliRun.Of(Embed(manifest, output, "--skip-bad", "--max-image-pixels", "850"));
        Assert.AreEqual(0, lowered.ExitCode, lowered.ToString());
        Assert.HasCount(8, File.ReadAllLines(output + ".skipped.csv"), "header + all seven rows");
        AssertFails(CliRun.Of(Embed(manifest, output, "--max-image-pixels", "0")), 2, "--max-image-pixels must be between 1 and");
    }

    [TestMethod]
    public void OverflowingAndMalformedCropBoxesAreBadRowsThatSkipBadSkips()
    {
        using var scratch = new ScratchFolder();
        var manifest = scratch.File("crops.csv");
        File.WriteAllText(manifest, $"path,label,crop_x,crop_y,crop_w,crop_h\n{Good},a,0,0,4,4\n{Good},a,0,0,30000,30000\n{Good},b,2147483647,0,5,5\n" +
                                    $"{Good},b,0,0,abc,4\n{Good},a,0,0,-3,4\n{Good},b,0,0,2147483647,2147483647\n{Good},b,,,,\n");
        var output = scratch.File("out.csv");
        AssertFails(CliRun.Of(Embed(manifest, output)), 1, $"{manifest}, row 2: {Good}: crop box 30000x30000 = 900,000,000 pixels");

        var run = CliRun.Of(Embed(manifest, output, "--skip-bad"));
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        var skipped = File.ReadAllLines(output + ".skipped.csv").Skip(1).Select(l => l.Split(',')[0]).ToArray();
        CollectionAssert.AreEqual(new[] { "2", "3", "4", "5", "6" }, skipped);
        Assert.HasCount(2, File.ReadAllLines(output).Skip(1).ToArray());
    }

    [TestMethod]
    public void ABatchSizeBeyondTheMaximumIsAUsageError() =>
        AssertFails(CliRun.Of(Embed(RepoPaths.Fixture("embedding", "manifest.csv"), "x.csv", "--batch-size", "100000")), 2,
            "--batch-size must be between 1 and 4096, got 100000");

    [TestMethod]
    public void AModelWithAFixedBatchOfOneRunsWithOneNote()
    {
        using var scratch = new ScratchFolder();
        var model = OnnxEdits.WithStaticBatch(Model, scratch.Path, 1);
        var output = scratch.File("out.csv");
        var run = CliRun.Of("embed", "--model", model, "--manifest", RepoPaths.Fixture("embedding", "manifest.csv"), "--out", output, "--no-cache", "--device", "cpu");
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        Assert.AreEqual(1, run.Error.Split('\n').Count(l => l.Contains("fixes the batch size at 1")), run.Error);
        Assert.HasCount(12, File.ReadAllLines(output));
    }

    [TestMethod]
    [DataRow("reddino.image_size", "100000", "metadata 'reddino.image_size' must be an integer from 1 to 4096, found '100000'")]
    [DataRow("reddino.format_version", "2", "metadata 'reddino.format_version' is 2, newer than this reader's 1")]
    public void MetadataOutsideItsRangeNamesTheKeyAndFile(string key, string value, string expected)
    {
        using var scratch = new ScratchFolder();
        var model = OnnxEdits.WithMetadata(Model, scratch.Path, (key, value));
        AssertFails(CliRun.Of("embed", "--model", model, "--manifest", RepoPaths.Fixture("embedding", "manifest.csv"), "--out", scratch.File("o.csv"), "--no-cache"),
            1, $"{model}: {expected}");
    }

    [TestMethod]
    public void NonFiniteEmbeddingsStopTheRunOrAreSkipped()
    {
        using var scratch = new ScratchFolder();
        var model = OnnxEdits.SqrtOfChannelMeans(scratch.Path);
        foreach (var (name, value) in new[] { ("bright.png", (byte)220), ("dark.png", (byte)10) })
        {
            var pixels = new byte[8 * 8 * 3];
            Array.Fill(pixels, value);
            PngWriter.Save(new RgbImage(8, 8, pixels), scratch.File(name));
        }
        var manifest = scratch.File("m.csv");
        File.WriteAllText(manifest, "path\nbright.png\ndark.png\nbright.png\n");
        var output = scratch.File("out.csv");
        string[] args = ["embed", "--model", model, "--manifest", manifest, "--out", output, "--no-cache"];
        AssertFails(CliRun.Of(args), 1, $"{manifest}, row 2: {scratch.File("dark.png")}: the model's embedding holds NaN");
        var run = CliRun.Of([.. args, "--skip-bad"]);
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        StringAssert.StartsWith(File.ReadAllLines(output + ".skipped.csv")[1], "2,dark.png,");
        Assert.HasCount(3, File.ReadAllLines(output));
    }

    [TestMethod]
    [DataRow("linear_probe", "nan")]
    [DataRow("knn_1", "inf")]
    [DataRow("knn_20", "-Infinity")]
    public void EvalRefusesNonFiniteFeaturesNamingFileAndRow(string classifier, string value)
    {
        using var scratch = new ScratchFolder();
        var embeddings = scratch.File("emb.csv");
        var lines = File.ReadAllLines(RepoPaths.Fixture("evaluation", "eval_small.csv"));
        var fields = lines[3].Split(',');
        fields[5] = value; // f2 of data row 3
        lines[3] = string.Join(',', fields);
        File.WriteAllLines(embeddings, lines);
        AssertFails(CliRun.Of("eval", "--embeddings", embeddings, "--protocol", "kfold", "--classifiers", classifier, "--out", scratch.File("results")),
            1, $"{embeddings}, row 3: feature 2 is");
    }

    [TestMethod]
    public void EvalOfASingleClassIsRefused()
    {
        using var scratch = new ScratchFolder();
        var embeddings = scratch.File("emb.csv");
        var lines = File.ReadAllLines(RepoPaths.Fixture("evaluation", "eval_small.csv"));
        File.WriteAllLines(embeddings, lines.Select((l, i) => i == 0 ? l : string.Join(',', l.Split(',').Select((f, j) => j == 1 ? "same" : f))));
        AssertFails(CliRun.Of("eval", "--embeddings", embeddings, "--protocol", "kfold", "--out", scratch.File("results")),
            1, $"{embeddings}: every row has the label 'same'; evaluating a classifier needs at least two classes");
    }

    [TestMethod]
    [DataRow("f0"), DataRow("f12"), DataRow("embedding")]
    public void AManifestColumnNamedLikeAFeatureIsRefusedBeforeEmbedding(string column)
    {
        using var scratch = new ScratchFolder();
        var manifest = scratch.File("m.csv");
        File.WriteAllText(manifest, $"path,label,{column}\n{Good},a,1\n");
        var output = scratch.File("out.csv");
        AssertFails(CliRun.Of(Embed(manifest, output)), 1, $"{manifest}: column '{column}' has a name embeddings files reserve for the features");
        Assert.IsFalse(File.Exists(output));
    }

    [TestMethod]
    public void ALatin1ManifestNamesTheLine()
    {
        using var scratch = new ScratchFolder();
        var manifest = scratch.File("m.csv");
        File.WriteAllBytes(manifest, Encoding.Latin1.GetBytes($"path,label\n{Good},café\n{Good},cafè\n"));
        AssertFails(CliRun.Of(Embed(manifest, scratch.File("o.csv"))), 1, $"{manifest}, line 2: not valid UTF-8");
        File.WriteAllBytes(manifest, [.. new UnicodeEncoding(false, true).GetPreamble(), .. Encoding.Unicode.GetBytes($"path,label\n{Good},café\n{Good},cafè\n")]);
        var run = CliRun.Of(Embed(manifest, scratch.File("o.csv")));
        Assert.AreEqual(0, run.ExitCode, "a UTF-16 file with its byte order mark works\n" + run);
        StringAssert.Contains(File.ReadAllText(scratch.File("o.csv")), "cafè");
    }

    [TestMethod]
    public void BenchChecksEveryBackboneFileBeforeEmbeddingAnything()
    {
        using var scratch = new ScratchFolder();
        var manifest = scratch.File("m.csv");
        File.WriteAllText(manifest, "path,label\n" + string.Concat(Enumerable.Range(0, 4).Select(i => $"{Good},{(i % 2 == 0 ? "a" : "b")}\n")));
        var missing = scratch.File("missing.onnx");
        var pipeline = scratch.File("p.json");
        File.WriteAllText(pipeline, $$"""
            {"kind": "bench", "name": "check", "dataset": {{Json(manifest)}},
             "backbones": [{"name": "first", "model": {{Json(Model)}}}, {"name": "second", "model": {{Json(missing)}}}],
             "protocol": {"type": "kfold", "folds": 2}, "classifiers": ["knn_1"]}
            """);
        var results = scratch.File("results");
        AssertFails(CliRun.Of("bench", pipeline, "--out", results), 1, $"backbone 'second': model not found: {missing}");
        Assert.IsFalse(Directory.Exists(Path.Combine(results, "embeddings")), "nothing was embedded");
    }

    [TestMethod]
    public void ExportRefusesNonFiniteWeightsNamingTheTensor()
    {
        using var scratch = new ScratchFolder();
        var checkpoint = scratch.File("nan.safetensors");
        var tensors = Safetensors.LoadStateDict(RepoPaths.Fixture("backbone", "tiny_vit_timm.safetensors"));
        tensors["blocks.0.mlp.fc2.bias"][7] = float.NaN;
        Safetensors.SaveStateDict(checkpoint, tensors);
        foreach (var t in tensors.Values) t.Dispose();
        var output = scratch.File("out.onnx");
        AssertFails(CliRun.Of("export", "--checkpoint", checkpoint, "--out", output), 1,
            $"{checkpoint}: tensor 'blocks.0.mlp.fc2.bias' holds 1 NaN or infinite value(s)");
        Assert.IsFalse(File.Exists(output));
    }

    [TestMethod]
    public void PredictWithAGarbageHeadWhoseHashesMatchNamesTheBundleAndEntry()
    {
        using var scratch = new ScratchFolder();
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(new[] { ("a", Good), ("b", RepoPaths.Fixture("imaging", "sources", "gray_61x45.png")) }
            .Select(p => new ImageRow { Label = p.Item1, ImagePath = p.Item2 }));
        var model = ml.Transforms.ExtractRedDinoEmbeddings("Features", "ImagePath", Model)
            .Append(ml.Transforms.Conversion.MapValueToClassKey(["a", "b"]))
            .Append(ml.MulticlassClassification.Trainers.RedDinoLinearProbe()).Fit(data);
        var bundle = scratch.File("linear.reddino.zip");
        ml.Model.SaveRedDino(model, bundle);
        (model as IDisposable)?.Dispose();
        var garbage = Encoding.ASCII.GetBytes("garbage, not an ML.NET model");
        BundleEdits.Rewrite(bundle, "head.mlnet", _ => garbage);
        BundleEdits.RewriteManifest(bundle, json => json["head"]!["sha256"] = BundleEdits.Sha256(garbage));
        BundleEdits.Resign(bundle);
        AssertFails(CliRun.Of("predict", "--bundle", bundle, "--image", Good), 1, $"{bundle}: entry 'head.mlnet' is not a loadable ML.NET classifier");
    }

    [TestMethod]
    [DataRow("optim.base_lr=inf", "'optim.base_lr': 'inf' is not a finite number")]
    [DataRow("optim.base_lr=1e400", "'optim.base_lr': '1e400' is not a finite number")]
    [DataRow("optim.base_lr=Infinity", "'optim.base_lr': 'Infinity' is not a finite number")]
    public void NonFiniteSetValuesNameTheKey(string assignment, string expected)
    {
        using var scratch = new ScratchFolder();
        AssertFails(CliRun.Of("pretrain", "--config", Path.Combine(RepoPaths.Root, "pipelines", "pretrain-nano.json"), "--set", assignment,
            "--max-iterations", "1", "--out", scratch.File("run")), 1, expected);
    }

    private static string Json(string text) => JsonValue.Create(text).ToJsonString();

    private sealed class ImageRow
    {
        public string ImagePath = "";
        public string Label = "";
    }
}
