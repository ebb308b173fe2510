using System.Text.Json.Nodes;
using RedDino.Formats.Manifests;
using RedDino.Tests.Shared;

namespace RedDino.Cli.Tests.Commands;

/// <summary>One way of naming things in every message: "row N" is the N-th data row of a CSV (the header
/// not counted), the user's files rather than internal ones, and what is missing rather than a symptom.</summary>
[TestClass]
public sealed class MessageTests
{
    private static string Fixture(string name) => RepoPaths.Fixture("embedding", name);
    private static string Image => RepoPaths.Fixture("imaging", "sources", "rgb_37x23.png");

    [TestMethod]
    public void TheSameDataRowIsTheSameRowNumberForEveryKindOfProblem()
    {
        var folder = RepoPaths.NewTempFolder();
        string Csv(string name, string text)
        {
            var path = Path.Combine(folder, name);
            File.WriteAllText(path, text);
            return path;
        }
        string[] embed = ["embed", "--model", Fixture("tiny_vit.onnx"), "--no-cache", "--out", Path.Combine(folder, "e.csv"), "--manifest"];

        // The second data row (the third line of the file) is bad in a different way each time.
        var crop = Csv("crop.csv", $"path,label,crop_x,crop_y,crop_w,crop_h\n{Image},a,0,0,5,5\n{Image},b,x,0,5,5\n");
        var badCrop = CliRun.Of([.. embed, crop]);
        Assert.AreEqual(1, badCrop.ExitCode, badCrop.ToString());
        StringAssert.Contains(badCrop.Error, $"{crop}, row 2: 'crop_x' is not an integer");

        var missing = Csv("missing.csv", $"path,label\n{Image},a\n{Path.Combine(folder, "none.png")},b\n");
        var badImage = CliRun.Of([.. embed, missing]);
        Assert.AreEqual(1, badImage.ExitCode, badImage.ToString());
        StringAssert.Contains(badImage.Error, $"{missing}, row 2:");

        var validate = CliRun.Of("manifest", "validate", crop);
        Assert.AreEqual(1, validate.ExitCode, validate.ToString());
        StringAssert.Contains(validate.Out, "  row 2: ");
        Assert.DoesNotContain("line ", validate.Out);

        // An evaluation problem in the same row: the second row has no group for leave-one-source-out.
        var embeddings = Csv("emb.csv", "path,label,source,f0,f1\na.png,a,s1,0,1\nb.png,b,,1,0\nc.png,a,s2,1,1\nd.png,b,s2,0,0\n");
        var eval = CliRun.Of("eval", "--embeddings", embeddings, "--protocol", "loso", "--classifiers", "knn_1", "--out", Path.Combine(folder, "results"));
        Assert.AreEqual(1, eval.ExitCode, eval.ToString());
        StringAssert.Contains(eval.Error, $"{embeddings}, row 2: empty 'source'");
    }

    [TestMethod]
    public void AMissingLabelColumnIsCalledThat()
    {
        var path = Path.Combine(RepoPaths.NewTempFolder(), "nolabel.csv");
        File.WriteAllText(path, "path,source,f0,f1\na.png,s1,0,1\nb.png,s2,1,0\n");
        var run = CliRun.Of("eval", "--embeddings", path, "--protocol", "kfold", "--folds", "2", "--out", Path.Combine(Path.GetDirectoryName(path)!, "r"));
        Assert.AreEqual(1, run.ExitCode, run.ToString());
        StringAssert.Contains(run.Error, $"{path}: no 'label' column");
        Assert.DoesNotContain("empty 'label'", run.Error);
    }

    [TestMethod]
    public void ACudaThatCannotStartIsOneShortLineForAWholeCommand()
    {
        var folder = RepoPaths.NewTempFolder();
        var pipeline = Path.Combine(folder, "two.json");
        File.WriteAllText(pipeline, new JsonObject
        {
            ["kind"] = "bench", ["name"] = "two", ["dataset"] = Fixture("manifest.csv"),
            ["backbones"] = new JsonArray(
                new JsonObject { ["name"] = "a", ["model"] = Fixture("tiny_vit.onnx") },
                new JsonObject { ["name"] = "b", ["model"] = Fixture("tiny_vit_nometa.onnx") }),
            ["protocol"] = new JsonObject { ["type"] = "kfold", ["folds"] = 2 },
            ["classifiers"] = new JsonArray("knn_1"),
            ["embedding"] = new JsonObject { ["device"] = "cuda", ["cache_folder"] = Path.Combine(folder, "cache") },
        }.ToJsonString());
        var run = CliRun.Of("bench", pipeline, "--out", Path.Combine(folder, "results"));
        Assert.AreEqual(1, run.ExitCode, run.ToString()); // CUDA asked for and not startable: an error, said once
        var notes = run.Error.Split('\n').Where(l => l.Contains("CUDA", StringComparison.Ordinal)).ToList();
        Assert.HasCount(1, notes, run.Error);
        Assert.IsLessThanOrEqualTo(160, notes[0].Trim().Length, notes[0]);
    }

    [TestMethod]
    public void PredictOnOneImageNamesTheImageAndTakesADevice()
    {
        var folder = RepoPaths.NewTempFolder();
        var broken = Path.Combine(folder, "broken.png");
        File.WriteAllBytes(broken, [0x89, 0x50, 0x4E, 0x47, 1, 2, 3]);
        var run = CliRun.Of("predict", "--bundle", PredictCommandTests.TinyBundle, "--image", broken, "--device", "cpu");
        Assert.AreEqual(1, run.ExitCode, run.ToString());
        StringAssert.Contains(run.Error, $"error: {broken}: ");
        Assert.DoesNotContain("manifest", run.Error);
        Assert.DoesNotContain("row 1", run.Error);

        var good = CliRun.Of("predict", "--bundle", PredictCommandTests.TinyBundle, "--image", Image, "--device", "cpu");
        Assert.AreEqual(0, good.ExitCode, good.ToString());
        StringAssert.Contains(good.Error, "on cpu");
    }
}
