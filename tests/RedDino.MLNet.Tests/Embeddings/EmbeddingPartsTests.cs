using System.Text.Json.Nodes;
using RedDino.Formats.IO;
using RedDino.Formats.Manifests;
using RedDino.MLNet.Embeddings;
using RedDino.Tests.Shared;

namespace RedDino.MLNet.Tests.Embeddings;

/// <summary>Shards (which rows K of N takes) against their definition, and the parts folder: written parts read back
/// as one set in manifest order, whatever rows were skipped; malformed or disagreeing folders refused by name.</summary>
[TestClass]
public sealed class EmbeddingPartsTests
{
    private const int Rows = 10;
    private const int Dim = 3;

    private static EmbeddingSet Whole()
    {
        var rows = Enumerable.Range(0, Rows).Select(i => new ManifestRow($"cells/{i}.png", i % 3 == 0 ? "a" : "b", i % 2 == 0 ? "s1" : "s2",
            i % 4 == 0 ? null : new CropBox(i, 2 * i, 8, 9), new Dictionary<string, string> { ["note"] = $"n{i}" })).ToList();
        var random = new Random(11);
        var values = Enumerable.Range(0, Rows * Dim).Select(_ => (float)(random.NextDouble() * 2 - 1) / 3f).ToArray();
        var preprocessing = new JsonObject { ["image_size"] = 42, ["mean"] = new JsonArray(0.5f, 0.45f, 0.4f) };
        return new EmbeddingSet(new Manifest(rows, ["path", "label", "source", "crop_x", "crop_y", "crop_w", "crop_h", "note"]), values,
            new EmbeddingFileInfo("feed", "tiny", Dim, preprocessing));
    }

    private static EmbeddingSet Subset(EmbeddingSet set, IReadOnlyList<int> rows, EmbeddingFileInfo? info = null) =>
        new(new Manifest(rows.Select(i => set.Manifest.Rows[i]).ToList(), set.Manifest.Columns), rows.SelectMany(i => set.Row(i).ToArray()).ToArray(), info ?? set.Info);

    /// <summary>Writes shard K of N of <paramref name="whole"/> without the rows in <paramref name="skipped"/>.</summary>
    private static EmbeddingPartMarker WriteShard(string folder, EmbeddingSet whole, EmbeddingShard shard, string extension, ISet<int>? skipped = null,
        EmbeddingFileInfo? info = null, string manifestSha256 = "m0")
    {
        var rows = shard.RowsOf(whole.Count).Where(i => skipped?.Contains(i) != true).ToArray();
        return EmbeddingParts.WritePart(folder, shard, extension, Subset(whole, rows, info), rows, manifestSha256, whole.Count, shard.RowCountOf(whole.Count) - rows.Length);
    }

    private static void AssertSame(EmbeddingSet expected, EmbeddingSet actual)
    {
        CollectionAssert.AreEqual(expected.Manifest.Columns.ToList(), actual.Manifest.Columns.ToList());
        Assert.AreEqual(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
            Assert.AreEqual(expected.Manifest.Rows[i] with { Extra = null }, actual.Manifest.Rows[i] with { Extra = null }, $"row {i}");
        CollectionAssert.AreEqual(expected.Manifest.Rows.Select(r => r.Extra!["note"]).ToList(), actual.Manifest.Rows.Select(r => r.Extra!["note"]).ToList());
        CollectionAssert.AreEqual(expected.Values, actual.Values);
    }

    private static void AssertRefused(string folder, params string[] phrases)
    {
        var error = Assert.ThrowsExactly<InvalidDataException>(() => EmbeddingSet.Read(folder));
        foreach (var phrase in phrases) StringAssert.Contains(error.Message, phrase);
    }

    [TestMethod]
    public void AShardTakesTheRowsWhoseIndexModNIsKMinusOne()
    {
        for (var n = 1; n <= 7; n++)
            for (var k = 1; k <= n; k++)
                for (var m = 0; m <= 20; m++)
                {
                    var shard = new EmbeddingShard(k, n);
                    var expected = Enumerable.Range(0, m).Where(i => i % n == k - 1).ToArray();
                    CollectionAssert.AreEqual(expected, shard.RowsOf(m), $"{shard} of {m}");
                    Assert.AreEqual(expected.Length, shard.RowCountOf(m));
                    Assert.IsTrue(Enumerable.Range(0, m).All(i => shard.Contains(i) == expected.Contains(i)));
                }
        Assert.AreEqual(new EmbeddingShard(2, 8), EmbeddingShard.Parse("2/8"));
        Assert.AreEqual("part-2-of-8", EmbeddingShard.Parse("2/8").PartName);
        foreach (var bad in new[] { "0/3", "4/3", "1/0", "-1/3", "a/3", "3", "1/2/3", " 1/3", "1/3 ", "" })
            Assert.ThrowsExactly<FormatException>(() => EmbeddingShard.Parse(bad), bad);
    }

    [TestMethod]
    public void PartsReadBackAsOneSetInManifestOrderWhateverWasSkipped()
    {
        using var scratch = new ScratchFolder();
        var whole = Whole();
        var skipped = new HashSet<int> { 0, 4, 5, 9 };
        // Shards finish in any order and may differ in format; shard 1 lost rows 0, 4 and 9, shard 3 row 5.
        WriteShard(scratch.Path, whole, new EmbeddingShard(3, 3), ".parquet", skipped);
        WriteShard(scratch.Path, whole, new EmbeddingShard(1, 3), ".csv", skipped);
        var marker = WriteShard(scratch.Path, whole, new EmbeddingShard(2, 3), ".parquet", skipped);

        var read = EmbeddingSet.Read(scratch.Path);
        AssertSame(Subset(whole, Enumerable.Range(0, Rows).Where(i => !skipped.Contains(i)).ToArray()), read);
        Assert.AreEqual("tiny", read.Info.ModelName);
        Assert.AreEqual("feed", read.Info.ModelSha256);
        Assert.AreEqual("[0.5,0.45,0.4]", read.Info.Preprocessing!["mean"]!.ToJsonString());
        Assert.AreEqual(marker, EmbeddingPartMarker.Read(EmbeddingPartMarker.PathFor(scratch.Path, new EmbeddingShard(2, 3))) with { Producer = marker.Producer },
            "the marker reads back");
        Assert.AreEqual(FileHash.Sha256(scratch.File("part-2-of-3.parquet")), marker.PartSha256);
    }

    [TestMethod]
    public void AFolderOfOnePartIsTheWholeSet()
    {
        using var scratch = new ScratchFolder();
        WriteShard(scratch.Path, Whole(), new EmbeddingShard(1, 1), ".parquet");
        AssertSame(Whole(), EmbeddingParts.Read(scratch.Path));
    }

    [TestMethod]
    public void PartsThatDisagreeAreRefusedNamingThem()
    {
        var whole = Whole();
        void Case(Action<string> write, params string[] phrases)
        {
            using var scratch = new ScratchFolder();
            write(scratch.Path);
            AssertRefused(scratch.Path, [scratch.Path, .. phrases]);
        }

        var otherPreprocessing = whole.Info with { Preprocessing = new JsonObject { ["image_size"] = 224 } };
        Case(folder =>
        {
            WriteShard(folder, whole, new EmbeddingShard(1, 2), ".parquet");
            WriteShard(folder, whole, new EmbeddingShard(2, 2), ".parquet", info: otherPreprocessing);
        }, "part-2-of-2.parquet was embedded with other preprocessing than part-1-of-2.parquet");
        Case(folder =>
        {
            WriteShard(folder, whole, new EmbeddingShard(1, 2), ".parquet");
            WriteShard(folder, whole, new EmbeddingShard(2, 2), ".parquet", manifestSha256: "m1");
        }, "part-2-of-2.parquet was made from another manifest than part-1-of-2.parquet");
        Case(folder =>
        {
            WriteShard(folder, whole, new EmbeddingShard(1, 2), ".parquet");
            WriteShard(folder, whole, new EmbeddingShard(2, 2), ".parquet");
            WriteShard(Path.Combine(folder, "csv"), whole, new EmbeddingShard(2, 2), ".csv");
            File.Copy(Path.Combine(folder, "csv", "part-2-of-2.csv"), Path.Combine(folder, "part-2-of-2.csv"));
            Directory.Delete(Path.Combine(folder, "csv"), recursive: true);
        }, "part-2-of-2 is there as both part-2-of-2.csv and part-2-of-2.parquet");
        Case(folder =>
        {
            WriteShard(folder, whole, new EmbeddingShard(1, 1), ".parquet");
            var marker = EmbeddingPartMarker.PathFor(folder, new EmbeddingShard(1, 1));
            File.WriteAllText(marker, File.ReadAllText(marker).Replace("\"part-1-of-1.parquet\"", "\"part-1-of-1.csv\""));
        }, "marks part-1-of-1.csv complete, but the folder holds part-1-of-1.parquet");
        Case(folder =>
        {
            WriteShard(folder, whole, new EmbeddingShard(1, 1), ".parquet");
            var marker = EmbeddingPartMarker.PathFor(folder, new EmbeddingShard(1, 1));
            File.WriteAllText(marker, File.ReadAllText(marker).Replace("\"format_version\": 1", "\"format_version\": 2"));
        }, "marker format_version 2 is not supported");
    }

    [TestMethod]
    public void APartWhoseRowsAreNotItsShardsIsRefused()
    {
        var whole = Whole();
        // Shard 1 of N written by hand: its row column lists indices out of order, outside the manifest or of another shard.
        void Case(int n, int[] rows, params string[] phrases)
        {
            using var scratch = new ScratchFolder();
            for (var k = 2; k <= n; k++) WriteShard(scratch.Path, whole, new EmbeddingShard(k, n), ".parquet");
            var shard = new EmbeddingShard(1, n);
            var path = EmbeddingParts.PartPath(scratch.Path, shard, ".parquet");
            var subset = Subset(whole, rows.Select(i => i % Rows).ToArray());
            var withIndex = subset.Manifest.Rows.Select((r, i) => r with { Extra = new Dictionary<string, string> { ["note"] = r.Extra!["note"], ["row"] = $"{rows[i]}" } }).ToList();
            new EmbeddingSet(new Manifest(withIndex, ["row", .. whole.Manifest.Columns]), subset.Values, whole.Info).Write(path);
            new EmbeddingPartMarker(shard, Path.GetFileName(path), FileHash.Sha256(path), rows.Length, shard.RowCountOf(Rows) - rows.Length, whole.Info, "m0", Rows)
                .Write(EmbeddingPartMarker.PathFor(scratch.Path, shard));
            AssertRefused(scratch.Path, phrases);
        }

        Case(1, [0, 2, 1], "part-1-of-1.parquet, row 3: manifest index 1 comes after 2");
        Case(1, [0, 10], "part-1-of-1.parquet, row 2: 'row' must be a manifest index from 0 to 9, found '10'");
        Case(2, [0, 3], "part-1-of-2.parquet, row 2: manifest index 3 does not belong to shard 1/2");
    }
}
