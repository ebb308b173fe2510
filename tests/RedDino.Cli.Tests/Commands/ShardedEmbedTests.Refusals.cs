using System.Text.Json.Nodes;
using RedDino.MLNet.Embeddings;
using RedDino.Tests.Shared;

namespace RedDino.Cli.Tests.Commands;

/// <summary>Folders that are not all N complete, agreeing parts are refused (exit 1, naming the folder and the part);
/// --skip-bad leaves the same rows out sharded or not; usage errors exit 2.</summary>
public sealed partial class ShardedEmbedTests
{
    private static CliRun EvalOn(string folder, ScratchFolder scratch) =>
        CliRun.Of("eval", "--embeddings", folder, "--protocol", "kfold", "--folds", "3", "--classifiers", "knn_1", "--out", scratch.File("eval"));

    private static void AssertRefused(string folder, ScratchFolder scratch, params string[] phrases)
    {
        foreach (var run in new[] { EvalOn(folder, scratch), CliRun.Of("map", "--embeddings", folder, "--method", "pca", "--out", scratch.File("map")) })
        {
            Assert.AreEqual(1, run.ExitCode, run.ToString());
            StringAssert.Contains(run.Error, folder);
            foreach (var phrase in phrases) StringAssert.Contains(run.Error, phrase);
        }
        Assert.IsFalse(Directory.Exists(scratch.File("eval")), "refused before any work");
    }

    [TestMethod]
    public void AMissingPartIsRefused()
    {
        using var scratch = new ScratchFolder();
        var parts = CopyOf(PartsA, scratch);
        File.Delete(Path.Combine(parts, "part-2-of-3.parquet"));
        AssertRefused(parts, scratch, "part-2-of-3 is missing", "--shard 2/3");
    }

    [TestMethod]
    public void APartWithoutItsMarkerIsRefused()
    {
        using var scratch = new ScratchFolder();
        var parts = CopyOf(PartsB, scratch);
        File.Delete(Path.Combine(parts, "part-3-of-3.done.json"));
        AssertRefused(parts, scratch, "part-3-of-3.csv has no completion marker part-3-of-3.done.json");
    }

    [TestMethod]
    public void AMarkerThatDoesNotMatchItsPartIsRefused()
    {
        using var scratch = new ScratchFolder();
        var parts = CopyOf(PartsA, scratch);
        var marker = Path.Combine(parts, "part-1-of-3.done.json");
        var json = JsonNode.Parse(File.ReadAllText(marker))!.AsObject();
        json["row_count"] = 9;
        json["skipped_count"] = 1;
        File.WriteAllText(marker, json.ToJsonString());
        AssertRefused(parts, scratch, "part-1-of-3.parquet: 10 rows, but its marker says 9");
    }

    [TestMethod]
    public void APartReplacedAfterItsMarkerIsRefused()
    {
        using var scratch = new ScratchFolder();
        var parts = CopyOf(PartsA, scratch);
        File.Copy(Path.Combine(parts, "part-2-of-3.parquet"), Path.Combine(parts, "part-1-of-3.parquet"), overwrite: true);
        AssertRefused(parts, scratch, "part-1-of-3.parquet: changed after its completion marker was written", "run shard 1/3 again");
    }

    [TestMethod]
    public void APartOfAnotherModelIsRefused()
    {
        using var scratch = new ScratchFolder();
        var parts = CopyOf(PartsA, scratch);
        var other = CliRun.WithEnvironment(NoEnvironment, Embed(ModelB, parts, "--shard", "3/3", "--no-cache"));
        Succeed(other);
        StringAssert.Contains(other.Error, "redoing part-3-of-3.parquet: its marker does not match: it was made with model sha256");
        AssertRefused(parts, scratch, "part-3-of-3.parquet was embedded with model 'tiny_vit_nometa'", "but part-1-of-3.parquet with 'tiny_vit'",
            "all parts must come from one model");
    }

    [TestMethod]
    public void PartsOfTwoShardCountsAreRefused()
    {
        using var scratch = new ScratchFolder();
        var parts = CopyOf(PartsA, scratch);
        Succeed(CliRun.WithEnvironment(NoEnvironment, Embed(ModelA, parts, "--shard", "1/2", "--cache-dir", Cache)));
        AssertRefused(parts, scratch, "parts of 2 different shard counts", "N = 2: part-1-of-2.done.json, part-1-of-2.parquet");
        var warned = CliRun.WithEnvironment(NoEnvironment, Embed(ModelA, parts, "--shard", "2/2", "--cache-dir", Cache));
        StringAssert.Contains(warned.Error, "also holds parts of a run with another shard count");
    }

    [TestMethod]
    public void AFolderWithoutPartsIsRefused()
    {
        using var scratch = new ScratchFolder();
        var empty = scratch.File("empty");
        Directory.CreateDirectory(empty);
        AssertRefused(empty, scratch, "no embedding parts in this folder");
    }

    [TestMethod]
    public void SkipBadLeavesTheSameRowsOutShardedOrNot()
    {
        using var scratch = new ScratchFolder();
        var lines = File.ReadAllLines(ManifestPath);
        lines[4] = lines[4].Replace(".png", "-missing.png"); // data row 4 (shard 1 of 3)
        lines[8] = lines[8].Replace(".png", "-missing.png"); // data row 8 (shard 2 of 3)
        var manifest = scratch.File("bad.csv");
        File.WriteAllLines(manifest, lines);
        string[] Args(string output, params string[] more) =>
            ["embed", "--model", ModelA, "--manifest", manifest, "--out", output, "--device", "cpu", "--cache-dir", Cache, .. more];

        var strict = CliRun.WithEnvironment(NoEnvironment, Args(scratch.File("parts"), "--shard", "2/3"));
        Assert.AreEqual(1, strict.ExitCode, strict.ToString());
        StringAssert.Contains(strict.Error, "bad.csv, row 8:", "the row number in the whole manifest");
        Assert.IsFalse(File.Exists(scratch.File("parts/part-2-of-3.done.json")));

        Succeed(CliRun.Of(Args(scratch.File("whole.parquet"), "--skip-bad")));
        for (var k = 1; k <= 3; k++)
            Succeed(CliRun.WithEnvironment(NoEnvironment, Args(scratch.File("parts"), "--shard", $"{k}/3", "--skip-bad")));
        var whole = EmbeddingSet.Read(scratch.File("whole.parquet"));
        Assert.AreEqual(26, whole.Count);
        AssertSameSet(whole, EmbeddingSet.Read(scratch.File("parts")));
        StringAssert.StartsWith(File.ReadAllLines(scratch.File("parts/part-2-of-3.parquet.skipped.csv"))[1], "8,");
        Assert.AreEqual(1, EmbeddingPartMarker.Read(scratch.File("parts/part-1-of-3.done.json")).SkippedCount);

        // Without --skip-bad, a part that skipped rows is not the finished work: the shard is redone (and fails).
        var rerun = CliRun.WithEnvironment(NoEnvironment, Args(scratch.File("parts"), "--shard", "1/3"));
        Assert.AreEqual(1, rerun.ExitCode, rerun.ToString());
        StringAssert.Contains(rerun.Error, "it skipped 1 bad row(s) and --skip-bad is not given");
    }

    [TestMethod]
    public void BadShardSettingsAreUsageErrors()
    {
        using var scratch = new ScratchFolder();
        var parts = scratch.File("parts");
        void Usage(Dictionary<string, string> environment, string phrase, string output, params string[] more)
        {
            var run = CliRun.WithEnvironment(environment, Embed(ModelA, output, [.. more, "--no-cache"]));
            Assert.AreEqual(2, run.ExitCode, run.ToString());
            StringAssert.Contains(run.Error, phrase);
        }

        Usage(NoEnvironment, "names a folder", parts);
        Usage(NoEnvironment, "1 <= K <= N", parts, "--shard", "4/3");
        Usage(NoEnvironment, "1 <= K <= N", parts, "--shard", "0/3");
        Usage(NoEnvironment, "K/N with whole numbers", parts, "--shard", "one/3");
        Usage(NoEnvironment, "give --out a folder", scratch.File("x.parquet"), "--shard", "1/3");
        Usage(NoEnvironment, "--format chooses the part format", scratch.File("x.csv"), "--format", "csv");
        var stepped = new Dictionary<string, string>
        {
            ["SLURM_ARRAY_TASK_ID"] = "4", ["SLURM_ARRAY_TASK_MIN"] = "0", ["SLURM_ARRAY_TASK_MAX"] = "8", ["SLURM_ARRAY_TASK_COUNT"] = "3", ["SLURM_ARRAY_TASK_STEP"] = "4",
        };
        Usage(stepped, "step 4", parts); // --array=0-8:4
        Usage(Slurm(id: 3, min: 1, max: 5, count: 3), "not 3 contiguous ids", parts); // --array=1,3,5
        Usage(new() { ["SLURM_ARRAY_TASK_ID"] = "2", ["SLURM_ARRAY_TASK_COUNT"] = "3" }, "SLURM_ARRAY_TASK_MIN is not", parts);
        Usage(new() { ["JOB_COMPLETION_INDEX"] = "0" }, "REDDINO_SHARD_COUNT is not", parts);
        Usage(new() { ["JOB_COMPLETION_INDEX"] = "3", ["REDDINO_SHARD_COUNT"] = "3" }, "shard 4 of 3", parts);
        Assert.IsFalse(Directory.Exists(parts), "nothing written");
        File.WriteAllText(scratch.File("file"), "");
        var onFile = CliRun.WithEnvironment(NoEnvironment, Embed(ModelA, scratch.File("file"), "--shard", "1/3", "--no-cache"));
        Assert.AreEqual(1, onFile.ExitCode, onFile.ToString());
        StringAssert.Contains(onFile.Error, "is a file; give a folder");

        var rowColumn = scratch.File("row.csv");
        File.WriteAllText(rowColumn, "path,row\n" + string.Join("\n", File.ReadLines(ManifestPath).Skip(1).Take(3).Select(l => l.Split(',')[0] + ",x")) + "\n");
        var refused = CliRun.WithEnvironment(NoEnvironment, "embed", "--model", ModelA, "--manifest", rowColumn, "--out", parts, "--shard", "1/2", "--no-cache");
        Assert.AreEqual(1, refused.ExitCode, refused.ToString());
        StringAssert.Contains(refused.Error, "row.csv: column 'row' has the name sharded embedding files use");
    }
}
