using System.Globalization;
using System.Text.Json.Nodes;
using RedDino.Cli.Reports;
using RedDino.Tests.Shared;

namespace RedDino.Cli.Tests.Reports;

[TestClass]
public sealed class RunRecordTests
{
    [TestMethod]
    public void RunJsonRecordsTheRun()
    {
        var record = RunRecord.Start(["reddino", "eval", "--protocol", "kfold"]);
        record.Configuration = new JsonObject { ["protocol"] = "kfold", ["folds"] = 5 };
        record.Seeds["mlcontext"] = 1;
        record.ModelHashes["tiny"] = "ab";
        var folder = RepoPaths.NewTempFolder();
        var path = Path.Combine(folder, "run.json");
        record.Write(path);
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        Assert.AreEqual(1, json["format_version"]!.GetValue<int>());
        Assert.IsFalse(string.IsNullOrEmpty(json["tool_version"]!.GetValue<string>()));
        CollectionAssert.AreEqual(new[] { "reddino", "eval", "--protocol", "kfold" }, json["command_line"]!.AsArray().Select(n => n!.GetValue<string>()).ToArray());
        Assert.AreEqual(5, json["configuration"]!["folds"]!.GetValue<int>());
        Assert.AreEqual(1, json["seeds"]!["mlcontext"]!.GetValue<int>());
        Assert.AreEqual("ab", json["model_hashes"]!["tiny"]!.GetValue<string>());
        Assert.AreEqual(Environment.ProcessorCount, json["machine"]!["cores"]!.GetValue<int>());
        Assert.IsFalse(string.IsNullOrEmpty(json["machine"]!["os"]!.GetValue<string>()));
        Assert.IsLessThanOrEqualTo(DateTimeOffset.Parse(json["finished"]!.GetValue<string>(), CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(json["started"]!.GetValue<string>(), CultureInfo.InvariantCulture));
        if (json["git_commit"] is { } commit)
            Assert.MatchesRegex("^[0-9a-f]{40}([0-9a-f]{24})?$", commit.GetValue<string>());
        Directory.Delete(folder, recursive: true);
    }
}
