using System.Text.Json.Nodes;
using RedDino.Tests.Shared;

namespace RedDino.Cli.Tests.Commands;

[TestClass]
public sealed class EvalCommandTests
{
    private static string Embeddings => RepoPaths.Fixture("evaluation", "eval_small.csv");

    [TestMethod]
    public void WritesMetricsPredictionsRunJsonAndPrintsTheTable()
    {
        var output = Path.Combine(RepoPaths.NewTempFolder(), "results");
        var run = CliRun.Of("eval", "--embeddings", Embeddings, "--protocol", "loso", "--classifiers", "knn_1,knn_3", "--out", output);

        Assert.AreEqual(0, run.ExitCode, run.ToString());
        Assert.AreEqual(Path.GetFullPath(output), run.LastLine);
        StringAssert.Contains(run.Out, "tiny-backbone  knn_1");
        StringAssert.Matches(run.Out, new System.Text.RegularExpressions.Regex(@"knn_3\s+\d+\.\d±\d+\.\d"));

        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "metrics.json")))!;
        Assert.AreEqual("loso", metrics["protocol"]!.GetValue<string>());
        Assert.AreEqual("source", metrics["group_column"]!.GetValue<string>());
        // scikit-learn's values for the same splits (tests/fixtures/evaluation/eval_small_expected.json).
        var expected = JsonNode.Parse(File.ReadAllText(RepoPaths.Fixture("evaluation", "eval_small_expected.json")))!["protocols"]!["loso"]!["knn_1"]!.AsArray();
        var splits = metrics["backbones"]!["tiny-backbone"]!["classifiers"]!["knn_1"]!["splits"]!.AsArray();
        for (var s = 0; s < expected.Count; s++)
            Assert.AreEqual(expected[s]!["weighted_f1"]!.GetValue<double>(), splits[s]!["weighted_f1"]!.GetValue<double>(), 1e-9);
        Assert.IsTrue(File.Exists(Path.Combine(output, "predictions", "tiny-backbone", "knn_3.csv")));
        var runJson = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "run.json")))!;
        Assert.AreEqual("eval", runJson["command_line"]![1]!.GetValue<string>());
        Assert.AreEqual(new string('0', 64), runJson["model_hashes"]!["tiny-backbone"]!.GetValue<string>());
        Assert.AreEqual("loso", runJson["configuration"]!["protocol"]!.GetValue<string>());
        Assert.IsTrue(runJson["configuration"]!["center_linear_probe_features"]!.GetValue<bool>(), "every option is recorded, defaults included");
        Assert.AreEqual("uniform", runJson["configuration"]!["knn"]!["weighting"]!.GetValue<string>());
    }

    [TestMethod]
    public void UsageErrorsAreExitCode2()
    {
        var output = RepoPaths.NewTempFolder();
        var badProtocol = CliRun.Of("eval", "--embeddings", Embeddings, "--protocol", "holdout", "--out", output);
        Assert.AreEqual(2, badProtocol.ExitCode, badProtocol.ToString());
        var badClassifier = CliRun.Of("eval", "--embeddings", Embeddings, "--protocol", "kfold", "--classifiers", "knn_1,svm", "--out", output);
        Assert.AreEqual(2, badClassifier.ExitCode, badClassifier.ToString());
        StringAssert.Contains(badClassifier.Error, "'svm'");
        var badFolds = CliRun.Of("eval", "--embeddings", Embeddings, "--protocol", "kfold", "--folds", "1", "--out", output);
        Assert.AreEqual(2, badFolds.ExitCode, badFolds.ToString());
    }

    [TestMethod]
    public void BadInputIsExitCode1NamingTheFileOrColumn()
    {
        var output = RepoPaths.NewTempFolder();
        var missing = CliRun.Of("eval", "--embeddings", Path.Combine(output, "none.csv"), "--protocol", "kfold", "--out", output);
        Assert.AreEqual(1, missing.ExitCode, missing.ToString());
        StringAssert.Contains(missing.Error, "none.csv");
        var noColumn = CliRun.Of("eval", "--embeddings", Embeddings, "--protocol", "loso", "--group-column", "site", "--classifiers", "knn_1", "--out", output);
        Assert.AreEqual(1, noColumn.ExitCode, noColumn.ToString());
        StringAssert.Contains(noColumn.Error, "no column 'site'");
        var tooManyFolds = CliRun.Of("eval", "--embeddings", Embeddings, "--protocol", "kfold", "--folds", "200", "--classifiers", "knn_1", "--out", output);
        Assert.AreEqual(1, tooManyFolds.ExitCode, tooManyFolds.ToString());
        StringAssert.Contains(tooManyFolds.Error, "n_splits=200");
    }
}
