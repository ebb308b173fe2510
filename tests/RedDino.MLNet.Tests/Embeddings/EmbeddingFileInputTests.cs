using System.Text;
using RedDino.Formats.Manifests;
using RedDino.MLNet.Embeddings;
using RedDino.Tests.Shared;

namespace RedDino.MLNet.Tests.Embeddings;

/// <summary>Embeddings files read what they hold, the same way for every spelling (nan, inf, Infinity, 1e999),
/// refuse bytes that are not text or not Parquet with the file's name, and are never written with a manifest
/// column that would read back as a feature.</summary>
[TestClass]
public sealed class EmbeddingFileInputTests
{
    private static readonly EmbeddingFileInfo Info = new("sha", "tiny", 2);

    [TestMethod]
    [DataRow("f0"), DataRow("f12"), DataRow("embedding")]
    public void AManifestColumnNamedLikeAFeatureIsRefusedForEveryFormat(string column)
    {
        using var scratch = new ScratchFolder();
        var manifest = new Manifest([new ManifestRow("a.png", "x", Extra: new Dictionary<string, string> { [column] = "1" })], null, "m.csv");
        var set = new EmbeddingSet(manifest, [1, 2], Info);
        foreach (var name in new[] { "e.csv", "e.parquet" })
        {
            var error = Assert.ThrowsExactly<InvalidDataException>(() => set.Write(scratch.File(name)));
            StringAssert.Contains(error.Message, $"column '{column}' has a name embeddings files reserve for the features");
            Assert.IsFalse(File.Exists(scratch.File(name)));
        }
        // Names that merely start like one are fine.
        foreach (var fine in new[] { "f", "fx", "f1a", "features" })
            new EmbeddingSet(new Manifest([new ManifestRow("a.png", "x", Extra: new Dictionary<string, string> { [fine] = "1" })], null, "m.csv"), [1, 2], Info)
                .Write(scratch.File($"{fine}.csv"));
    }

    [TestMethod]
    public void EverySpellingOfANonFiniteValueReadsTheSame()
    {
        using var scratch = new ScratchFolder();
        var path = scratch.File("e.csv");
        File.WriteAllText(path, "path,f0,f1\na.png,inf,-Infinity\nb.png,nan,NaN\nc.png,1e999,-1e999\nd.png,0.5,-2\n");
        var values = EmbeddingSet.Read(path).Values;
        CollectionAssert.AreEqual(new[] { float.PositiveInfinity, float.NegativeInfinity, float.NaN, float.NaN,
            float.PositiveInfinity, float.NegativeInfinity, 0.5f, -2f }, values);
        File.WriteAllText(path, "path,f0,f1\na.png,1,2\nb.png,1,two\n");
        Assert.AreEqual($"{path}, row 2: f1 is not a number: 'two'", Assert.ThrowsExactly<InvalidDataException>(() => EmbeddingSet.Read(path)).Message);
    }

    [TestMethod]
    public void ALatin1EmbeddingsFileNamesTheLine()
    {
        using var scratch = new ScratchFolder();
        var path = scratch.File("e.csv");
        File.WriteAllBytes(path, Encoding.Latin1.GetBytes("path,label,f0\na.png,café,1\nb.png,cafè,2\n"));
        StringAssert.StartsWith(Assert.ThrowsExactly<InvalidDataException>(() => EmbeddingSet.Read(path)).Message, $"{path}, line 2: not valid UTF-8");
    }

    [TestMethod]
    [DataRow(0), DataRow(7), DataRow(100)]
    public void TruncatedOrGarbageParquetNamesTheFile(int keep)
    {
        using var scratch = new ScratchFolder();
        var good = scratch.File("good.parquet");
        new EmbeddingSet(new Manifest([new ManifestRow("a.png", "x")], null, "m.csv"), [1, 2], Info).Write(good);
        var bytes = File.ReadAllBytes(good);
        var bad = scratch.File("bad.parquet");
        File.WriteAllBytes(bad, keep == 100 ? [.. "PAR1"u8, .. Enumerable.Repeat((byte)0x5A, 100), .. "PAR1"u8] : bytes[..Math.Min(keep, bytes.Length)]);
        StringAssert.StartsWith(Assert.ThrowsExactly<InvalidDataException>(() => EmbeddingSet.Read(bad)).Message, bad);
    }
}
