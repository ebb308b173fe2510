using RedDino.Formats.Manifests;
using RedDino.MLNet.Embeddings;
using RedDino.Tests.Shared;

namespace RedDino.Cli.Tests.Commands;

/// <summary>Acceptance of sharded embedding: 28 bundled sample cells embedded by two tiny ViTs, once whole and once
/// as 3 shards run separately (like the tasks of an array job: by --shard, by Slurm's variables with 0- and 1-based
/// ids, by a Kubernetes Indexed Job's), give exactly the same sets, metrics, predictions and maps when the parts'
/// folders are read. Also: the no-op rerun, the refusals of incomplete or disagreeing folders, --skip-bad.</summary>
[TestClass]
public sealed partial class ShardedEmbedTests
{
    private static string _folder = "";

    private static string ManifestPath => Path.Combine(_folder, "cells.csv");
    private static string Cache => Path.Combine(_folder, "cache");
    private static string ModelA => RepoPaths.Fixture("embedding", "tiny_vit.onnx");
    private static string ModelB => RepoPaths.Fixture("embedding", "tiny_vit_nometa.onnx");
    private static string FullA => Path.Combine(_folder, "full-a.parquet");
    private static string FullB => Path.Combine(_folder, "full-b.csv");
    private static string PartsA => Path.Combine(_folder, "parts-a");
    private static string PartsB => Path.Combine(_folder, "parts-b");

    private static readonly Dictionary<string, string> NoEnvironment = new();

    [ClassInitialize]
    public static void EmbedWholeAndInShards(TestContext _)
    {
        _folder = RepoPaths.NewTempFolder("sharded");
        WriteSampleManifest(ManifestPath);
        Succeed(CliRun.Of(Embed(ModelA, FullA, "--no-cache")));
        Succeed(CliRun.Of(Embed(ModelB, FullB, "--no-cache")));

        // Model A, Parquet parts: one task per way of naming the shard.
        Succeed(CliRun.WithEnvironment(NoEnvironment, Embed(ModelA, PartsA, "--shard", "1/3", "--cache-dir", Cache)));
        Succeed(CliRun.WithEnvironment(Slurm(id: 1, min: 0, max: 2, count: 3), Embed(ModelA, PartsA, "--cache-dir", Cache)));
        Succeed(CliRun.WithEnvironment(new Dictionary<string, string> { ["JOB_COMPLETION_INDEX"] = "2", ["REDDINO_SHARD_COUNT"] = "3" }, Embed(ModelA, PartsA, "--cache-dir", Cache)));
        // Model B, CSV parts, a 1-based Slurm array (--array=1-3), tasks finishing in any order.
        foreach (var id in new[] { 3, 1, 2 })
            Succeed(CliRun.WithEnvironment(Slurm(id, min: 1, max: 3, count: 3), Embed(ModelB, PartsB, "--format", "csv", "--cache-dir", Cache)));
    }

    [ClassCleanup]
    public static void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    internal static Dictionary<string, string> Slurm(int id, int min, int max, int count) => new()
    {
        ["SLURM_ARRAY_TASK_ID"] = $"{id}", ["SLURM_ARRAY_TASK_MIN"] = $"{min}", ["SLURM_ARRAY_TASK_MAX"] = $"{max}", ["SLURM_ARRAY_TASK_COUNT"] = $"{count}",
    };

    private static string[] Embed(string model, string output, params string[] more) =>
        ["embed", "--model", model, "--manifest", ManifestPath, "--out", output, "--device", "cpu", "--batch-size", "4", .. more];

    private static void Succeed(CliRun run) => Assert.AreEqual(0, run.ExitCode, run.ToString());

    /// <summary>7 cells of each of 4 classes of the bundled sample (28 rows: shards of 10, 9 and 9), absolute paths.</summary>
    private static void WriteSampleManifest(string path)
    {
        var sample = Path.Combine(RepoPaths.Root, "data-manifests", "chula-sample", "manifest.csv");
        var full = Manifest.Read(sample);
        var rows = full.Rows.Where(r => r.Label is "Normal cell" or "Macrocyte" or "Teardrop" or "Schistocyte")
            .GroupBy(r => r.Label).SelectMany(g => g.Take(7))
            .Select(r => r with { Path = r.ResolvePath(full.BaseFolder()) }).ToList();
        new Manifest(rows, full.Columns).Write(path);
    }

    /// <summary>A copy of a parts folder that a test may damage.</summary>
    private static string CopyOf(string folder, ScratchFolder scratch)
    {
        var copy = scratch.File(Path.GetFileName(folder));
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(folder)) File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        return copy;
    }

    private static void AssertSameSet(EmbeddingSet expected, EmbeddingSet actual)
    {
        CollectionAssert.AreEqual(expected.Manifest.Columns.ToList(), actual.Manifest.Columns.ToList());
        Assert.AreEqual(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
            foreach (var column in expected.Manifest.Columns)
                Assert.AreEqual(Manifest.ValueOf(expected.Manifest.Rows[i], column), Manifest.ValueOf(actual.Manifest.Rows[i], column), $"row {i + 1}, {column}");
        CollectionAssert.AreEqual(expected.Values, actual.Values, "the same float32 values, bit for bit");
        Assert.AreEqual(expected.Info.ModelSha256, actual.Info.ModelSha256);
        Assert.AreEqual(expected.Info.ModelName, actual.Info.ModelName);
    }

    [TestMethod]
    public void TheFoldersReadAsTheUnshardedFilesInManifestOrder()
    {
        AssertSameSet(EmbeddingSet.Read(FullA), EmbeddingSet.Read(PartsA));
        AssertSameSet(EmbeddingSet.Read(FullB), EmbeddingSet.Read(PartsB));
        Assert.AreEqual(28, EmbeddingSet.Read(PartsA).Count);
    }

    [TestMethod]
    public void EvalOnTheFoldersGivesExactlyTheMetricsOfTheUnshardedRun()
    {
        string[] common = ["eval", "--protocol", "kfold", "--folds", "3", "--classifiers", "linear_probe,knn_1,knn_3", "--batch-column", "image"];
        var whole = Path.Combine(_folder, "eval-whole");
        var sharded = Path.Combine(_folder, "eval-sharded");
        Succeed(CliRun.Of([.. common, "--embeddings", FullA, "--embeddings", FullB, "--out", whole]));
        var run = CliRun.Of([.. common, "--embeddings", PartsA, "--embeddings", PartsB, "--out", sharded]);
        Succeed(run);
        Assert.AreEqual(sharded, run.LastLine);

        // metrics.json holds no run-specific field (those are in run.json): the files are equal byte for byte.
        var metrics = File.ReadAllText(Path.Combine(whole, "metrics.json"));
        Assert.AreEqual(metrics, File.ReadAllText(Path.Combine(sharded, "metrics.json")));
        StringAssert.Contains(metrics, "\"tiny_vit_nometa\"", "both backbones evaluated");
        var predictions = Directory.GetFiles(Path.Combine(whole, "predictions"), "*.csv", SearchOption.AllDirectories);
        Assert.HasCount(6, predictions);
        foreach (var file in predictions)
            Assert.AreEqual(File.ReadAllText(file), File.ReadAllText(Path.Combine(sharded, Path.GetRelativePath(whole, file))), file);
    }

    [TestMethod]
    public void MapOnTheFolderDrawsTheMapOfTheUnshardedFile()
    {
        var whole = Path.Combine(_folder, "map-whole");
        var sharded = Path.Combine(_folder, "map-sharded");
        Succeed(CliRun.Of("map", "--embeddings", FullA, "--method", "pca", "--out", whole));
        Succeed(CliRun.Of("map", "--embeddings", PartsA, "--method", "pca", "--out", sharded));
        Assert.AreEqual(File.ReadAllText(Path.Combine(whole, "map.csv")), File.ReadAllText(Path.Combine(sharded, "map.csv")));
    }

    [TestMethod]
    public void EachPartHoldsItsShardsRowsWithTheirManifestIndexAndAMarker()
    {
        var rows = ParquetRows(Path.Combine(PartsA, "part-2-of-3.parquet"));
        CollectionAssert.AreEqual(new[] { 1, 4, 7, 10, 13, 16, 19, 22, 25 }, rows, "i mod 3 = 1, ascending");
        var marker = EmbeddingPartMarker.Read(Path.Combine(PartsA, "part-2-of-3.done.json"));
        Assert.AreEqual(new EmbeddingShard(2, 3), marker.Shard);
        Assert.AreEqual(9, marker.RowCount);
        Assert.AreEqual(28, marker.ManifestRows);
        Assert.AreEqual(RedDino.Formats.IO.FileHash.Sha256(ModelA), marker.Producer.ModelSha256);
        Assert.AreEqual(RedDino.Formats.IO.FileHash.Sha256(ManifestPath), marker.ManifestSha256);
        Assert.AreEqual(RedDino.Formats.IO.FileHash.Sha256(Path.Combine(PartsA, "part-2-of-3.parquet")), marker.PartSha256);
        CollectionAssert.AreEquivalent(
            new[] { "part-1-of-3.csv", "part-1-of-3.csv.json", "part-1-of-3.done.json", "part-2-of-3.csv", "part-2-of-3.csv.json", "part-2-of-3.done.json",
                "part-3-of-3.csv", "part-3-of-3.csv.json", "part-3-of-3.done.json" },
            Directory.GetFiles(PartsB).Select(Path.GetFileName).ToArray(), "nothing else, no temporary file left");
        StringAssert.StartsWith(File.ReadLines(Path.Combine(PartsB, "part-1-of-3.csv")).First(), "row,path,label,");
    }

    private static int[] ParquetRows(string path)
    {
        var set = EmbeddingSet.Read(path); // a single part reads as a file whose `row` is a pass-through column
        return set.Manifest.Rows.Select(r => int.Parse(r.Extra!["row"], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    }

    [TestMethod]
    public void ARerunIsANoOpWhenItsMarkerMatchesAndRedoneFromTheCacheWhenNot()
    {
        using var scratch = new ScratchFolder();
        var parts = CopyOf(PartsA, scratch);
        var marker = Path.Combine(parts, "part-2-of-3.done.json");
        var part = Path.Combine(parts, "part-2-of-3.parquet");
        var (markerText, partBytes, partTime) = (File.ReadAllText(marker), File.ReadAllBytes(part), File.GetLastWriteTimeUtc(part));

        var again = CliRun.WithEnvironment(Slurm(id: 1, min: 0, max: 2, count: 3), Embed(ModelA, parts, "--cache-dir", Cache));
        Succeed(again);
        StringAssert.Contains(again.Error, "nothing to do");
        Assert.AreEqual(partTime, File.GetLastWriteTimeUtc(part), "the part was not rewritten");

        File.WriteAllText(marker, markerText.Replace(RedDino.Formats.IO.FileHash.Sha256(ManifestPath), new string('0', 64)));
        var redo = CliRun.WithEnvironment(NoEnvironment, Embed(ModelA, parts, "--shard", "2/3", "--cache-dir", Cache));
        Succeed(redo);
        StringAssert.Contains(redo.Error, "redoing part-2-of-3.parquet: its marker does not match: it was made from another manifest");
        StringAssert.Contains(redo.Error, "0 computed, 9 from cache", "the cache works per row across shards");
        Assert.AreEqual(markerText, File.ReadAllText(marker));
        CollectionAssert.AreEqual(partBytes, File.ReadAllBytes(part));

        // A part written in the other format replaces this shard's old one.
        Succeed(CliRun.WithEnvironment(NoEnvironment, Embed(ModelA, parts, "--shard", "2/3", "--format", "csv", "--cache-dir", Cache)));
        Assert.IsFalse(File.Exists(part));
        AssertSameSet(EmbeddingSet.Read(FullA), EmbeddingSet.Read(parts));
    }
}
