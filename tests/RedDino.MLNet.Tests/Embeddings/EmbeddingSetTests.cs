using System.Text.Json.Nodes;
using RedDino.MLNet.Embeddings;
using RedDino.Tests.Shared;
using RedDino.Formats.Manifests;

namespace RedDino.MLNet.Tests.Embeddings;

[TestClass]
public sealed class EmbeddingSetTests
{
    private static EmbeddingSet Sample(int rows, int dim)
    {
        var manifestRows = Enumerable.Range(0, rows).Select(i => new ManifestRow(
            $"img,{i}.png", i % 3 == 0 ? "a" : "b", i % 2 == 0 ? "s1" : null,
            i % 4 == 0 ? null : new CropBox(i, -i, 8, 9),
            new Dictionary<string, string> { ["note"] = $"n{i}" })).ToList();
        var random = new Random(7);
        // Values that need all 9 significant digits, plus extremes, to check exact round trips.
        var values = Enumerable.Range(0, rows * dim).Select(i => i switch
        {
            0 => float.Epsilon,
            1 => -float.MaxValue,
            _ => (float)(random.NextDouble() * 2 - 1) / 3f,
        }).ToArray();
        var preprocessing = new JsonObject { ["image_size"] = 224, ["resize"] = "bilinear" };
        return new EmbeddingSet(new Manifest(manifestRows), values, new EmbeddingFileInfo("abc123", "tiny", dim, preprocessing));
    }

    [TestMethod]
    [DataRow("csv", 5)]
    [DataRow("parquet", 5)]
    [DataRow("parquet", 8192 + 7)] // more than one row group
    public void RoundTripIsExact(string extension, int rows)
    {
        var set = Sample(rows, 6);
        var path = Path.Combine(RepoPaths.NewTempFolder(), $"emb.{extension}");
        set.Write(path);
        var back = EmbeddingSet.Read(path);

        CollectionAssert.AreEqual(set.Values, back.Values);
        Assert.AreEqual(set.Count, back.Count);
        CollectionAssert.AreEqual(set.Manifest.Columns.ToArray(), back.Manifest.Columns.ToArray());
        for (var i = 0; i < rows; i += Math.Max(1, rows / 10))
        {
            Assert.AreEqual(set.Manifest.Rows[i].Path, back.Manifest.Rows[i].Path);
            Assert.AreEqual(set.Manifest.Rows[i].Label, back.Manifest.Rows[i].Label);
            Assert.AreEqual(set.Manifest.Rows[i].Source, back.Manifest.Rows[i].Source);
            Assert.AreEqual(set.Manifest.Rows[i].Crop, back.Manifest.Rows[i].Crop);
            Assert.AreEqual($"n{i}", back.Manifest.Rows[i].Extra!["note"]);
        }
        Assert.AreEqual("abc123", back.Info.ModelSha256);
        Assert.AreEqual("tiny", back.Info.ModelName);
        Assert.AreEqual(6, back.Info.EmbedDim);
        Assert.IsEmpty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.partial"), "no temporary file is left behind");
    }

    [TestMethod]
    public void CsvHeaderFollowsTheContract()
    {
        var path = Path.Combine(RepoPaths.NewTempFolder(), "emb.csv");
        Sample(2, 3).Write(path);
        Assert.AreEqual("path,label,source,crop_x,crop_y,crop_w,crop_h,note,f0,f1,f2", File.ReadLines(path).First());
        var sidecar = JsonNode.Parse(File.ReadAllText(path + ".json"))!;
        Assert.AreEqual(1, sidecar["format_version"]!.GetValue<int>());
        Assert.AreEqual(224, sidecar["preprocessing"]!["image_size"]!.GetValue<int>());
    }

    [TestMethod]
    public void AnUnfinishedWriterLeavesNoFile()
    {
        var path = Path.Combine(RepoPaths.NewTempFolder(), "emb.parquet");
        var set = Sample(3, 2);
        using (var writer = EmbeddingFileWriter.Create(path, set.Manifest.Columns, set.Info))
            writer.Append(set.Manifest.Rows[0], set.Row(0));
        Assert.IsFalse(File.Exists(path));
        Assert.IsEmpty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.partial"), "no temporary file is left behind");
    }

    [TestMethod]
    public void NewerSidecarVersionIsRejected()
    {
        var path = Path.Combine(RepoPaths.NewTempFolder(), "emb.csv");
        Sample(2, 3).Write(path);
        File.WriteAllText(path + ".json", "{\"format_version\": 2, \"embed_dim\": 3}");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => EmbeddingSet.Read(path));
        StringAssert.Contains(e.Message, "format_version 2");
    }

    [TestMethod]
    public void NonNumericFeatureNamesRowAndColumn()
    {
        var path = Path.Combine(RepoPaths.NewTempFolder(), "emb.csv");
        File.WriteAllText(path, "path,f0,f1\na.png,1,2\nb.png,3,oops\n");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => EmbeddingSet.Read(path));
        StringAssert.Contains(e.Message, "row 2");
        StringAssert.Contains(e.Message, "f1");
    }

    [TestMethod]
    public void UnknownExtensionIsRejected() =>
        Assert.ThrowsExactly<InvalidDataException>(() => EmbeddingSet.Read("emb.txt"));
}
