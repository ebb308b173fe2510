using System.Text.Json.Nodes;
using RedDino.Formats.Manifests;
using RedDino.MLNet.Embeddings;
using RedDino.MLNet.Visualization;
using RedDino.Tests.Shared;

namespace RedDino.Cli.Tests.Commands;

[TestClass]
public sealed class MapCommandTests
{
    private static string Embeddings => RepoPaths.Fixture("evaluation", "eval_small.csv");

    [TestMethod]
    public void UmapWritesCoordinatesPictureAndRunJson_SameSeedSameMap()
    {
        var folder = RepoPaths.NewTempFolder();
        try
        {
            var first = CliRun.Of("map", "--embeddings", Embeddings, "--seed", "3", "--out", Path.Combine(folder, "a"));
            var second = CliRun.Of("map", "--embeddings", Embeddings, "--seed", "3", "--color", "source", "--out", Path.Combine(folder, "b"));
            Assert.AreEqual(0, first.ExitCode, first.ToString());
            Assert.AreEqual(0, second.ExitCode, second.ToString());
            Assert.AreEqual(Path.GetFullPath(Path.Combine(folder, "a")), first.LastLine);

            var lines = File.ReadAllLines(Path.Combine(folder, "a", "map.csv"));
            Assert.AreEqual("path,label,source,x,y", lines[0]);
            Assert.HasCount(151, lines);
            StringAssert.StartsWith(lines[1], "cells/000.png,Disco,s3,");
            CollectionAssert.AreEqual(lines, File.ReadAllLines(Path.Combine(folder, "b", "map.csv")), "same seed, same coordinates");

            // The coordinates are the library's UMAP of the same rows.
            var set = EmbeddingSet.Read(Embeddings);
            var map = new Umap(new UmapOptions { Seed = 3 }).Fit(set);
            Assert.AreEqual(map.Coordinates[0].ToString(System.Globalization.CultureInfo.InvariantCulture), lines[1].Split(',')[3]);

            var png = File.ReadAllBytes(Path.Combine(folder, "a", "map.png"));
            CollectionAssert.AreEqual(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png.Take(4).ToArray());
            var run = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "a", "run.json")))!;
            Assert.AreEqual(3, run["seeds"]!["map"]!.GetValue<long>());
            Assert.AreEqual(15, run["configuration"]!["umap"]!["neighbors"]!.GetValue<int>());
            Assert.IsFalse(Directory.EnumerateFiles(folder, "*.partial", SearchOption.AllDirectories).Any());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void PcaMapIsTheLibrarysPca()
    {
        var folder = RepoPaths.NewTempFolder();
        try
        {
            var run = CliRun.Of("map", "--embeddings", Embeddings, "--method", "pca", "--out", folder);
            Assert.AreEqual(0, run.ExitCode, run.ToString());
            var set = EmbeddingSet.Read(Embeddings);
            var expected = PrincipalComponents.Fit(set.Values, set.Dimension, 2).Transform(set.Values);
            var rows = File.ReadAllLines(Path.Combine(folder, "map.csv")).Skip(1).Select(l => l.Split(',')).ToArray();
            for (var i = 0; i < rows.Length; i++)
            {
                Assert.AreEqual(expected[2 * i], double.Parse(rows[i][3], System.Globalization.CultureInfo.InvariantCulture), 1e-5);
                Assert.AreEqual(expected[2 * i + 1], double.Parse(rows[i][4], System.Globalization.CultureInfo.InvariantCulture), 1e-5);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void BadInputIsExitCode1NamingTheFileAndUsageErrorsAre2()
    {
        var folder = RepoPaths.NewTempFolder();
        try
        {
            var noColumn = CliRun.Of("map", "--embeddings", Embeddings, "--color", "site", "--out", folder);
            Assert.AreEqual(1, noColumn.ExitCode, noColumn.ToString());
            StringAssert.Contains(noColumn.Error, "eval_small.csv: no column 'site'");

            var missing = CliRun.Of("map", "--embeddings", Path.Combine(folder, "none.parquet"), "--out", folder);
            Assert.AreEqual(1, missing.ExitCode, missing.ToString());
            StringAssert.Contains(missing.Error, "none.parquet");

            var shards = CliRun.Of("map", "--embeddings", folder, "--out", folder);
            Assert.AreEqual(1, shards.ExitCode, shards.ToString());
            StringAssert.Contains(shards.Error, "folder of embedding shards");

            // A NaN feature in the third data row.
            var bad = Path.Combine(folder, "bad.csv");
            var lines = File.ReadAllLines(Embeddings);
            var cells = lines[3].Split(',');
            cells[5] = "NaN";
            lines[3] = string.Join(',', cells);
            File.WriteAllLines(bad, lines);
            File.Copy(Embeddings + ".json", bad + ".json");
            var nan = CliRun.Of("map", "--embeddings", bad, "--out", folder);
            Assert.AreEqual(1, nan.ExitCode, nan.ToString());
            StringAssert.Contains(nan.Error, "bad.csv, row 3: feature 2");

            var method = CliRun.Of("map", "--embeddings", Embeddings, "--method", "tsne", "--out", folder);
            Assert.AreEqual(2, method.ExitCode, method.ToString());
            var noOut = CliRun.Of("map", "--embeddings", Embeddings);
            Assert.AreEqual(2, noOut.ExitCode, noOut.ToString());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
