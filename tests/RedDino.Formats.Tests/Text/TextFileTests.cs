using System.Text;
using RedDino.Formats.Manifests;
using RedDino.Formats.Text;
using RedDino.Tests.Shared;

namespace RedDino.Formats.Tests.Text;

/// <summary>Text inputs are UTF-8 unless a byte order mark says otherwise; invalid UTF-8 (a Latin-1 file) is an
/// error naming the file and the line, never silently replaced (which merged "café" and "cafè" into one class).</summary>
[TestClass]
public sealed class TextFileTests
{
    private const string Content = "path,label\na.png,café\nb.png,cafè\n";

    [TestMethod]
    public void Latin1IsAnErrorNamingTheLine()
    {
        using var scratch = new ScratchFolder();
        var path = scratch.File("latin1.csv");
        File.WriteAllBytes(path, Encoding.Latin1.GetBytes(Content));
        var error = Assert.ThrowsExactly<InvalidDataException>(() => TextFile.ReadAllText(path));
        StringAssert.StartsWith(error.Message, $"{path}, line 2: not valid UTF-8 text (byte 0xE9)");
        var manifest = Assert.ThrowsExactly<InvalidDataException>(() => Manifest.Read(path));
        StringAssert.Contains(manifest.Message, "line 2: not valid UTF-8");
    }

    [TestMethod]
    [DataRow("utf-8-bom"), DataRow("utf-16le"), DataRow("utf-16be"), DataRow("utf-32le"), DataRow("utf-8")]
    public void AByteOrderMarkChoosesTheEncoding(string name)
    {
        using var scratch = new ScratchFolder();
        var encoding = name switch
        {
            "utf-8-bom" => new UTF8Encoding(true),
            "utf-16le" => new UnicodeEncoding(false, true),
            "utf-16be" => new UnicodeEncoding(true, true),
            "utf-32le" => new UTF32Encoding(false, true),
            _ => (Encoding)new UTF8Encoding(false),
        };
        var path = scratch.File("manifest.csv");
        File.WriteAllBytes(path, [.. encoding.GetPreamble(), .. encoding.GetBytes(Content)]);
        Assert.AreEqual(Content, TextFile.ReadAllText(path));
        var labels = Manifest.Read(path).Rows.Select(r => r.Label).ToArray();
        CollectionAssert.AreEqual(new[] { "café", "cafè" }, labels);
    }

    [TestMethod]
    public void ASequenceAcrossTheReadChunksIsValidAndLinesAreCountedAcrossThem()
    {
        using var scratch = new ScratchFolder();
        var path = scratch.File("long.csv");
        // 'é' (2 bytes) straddles the 64 KiB chunk boundary; the bad byte sits on line 3, after it.
        var text = new string('x', (1 << 16) - 1) + "é\nsecond\n";
        File.WriteAllBytes(path, [.. Encoding.UTF8.GetBytes(text), (byte)'z', 0xFF, (byte)'\n']);
        StringAssert.StartsWith(Assert.ThrowsExactly<InvalidDataException>(() => TextFile.ReadAllText(path)).Message, $"{path}, line 3:");
        File.WriteAllText(path, text, new UTF8Encoding(false));
        Assert.AreEqual(text, TextFile.ReadAllText(path));
    }

    [TestMethod]
    public void InvalidUtf16IsAnErrorNamingTheFile()
    {
        using var scratch = new ScratchFolder();
        var path = scratch.File("broken16.csv");
        File.WriteAllBytes(path, [0xFF, 0xFE, (byte)'a', 0, 0x00, 0xD8, (byte)'b', 0]); // an unpaired high surrogate
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => TextFile.ReadAllText(path)).Message, $"{path}: not valid utf-16");
    }
}
