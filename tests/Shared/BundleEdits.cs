using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace RedDino.Tests.Shared;

/// <summary>Edits of a saved <c>*.reddino.zip</c> in place, for tests of how a modified bundle is read.</summary>
internal static class BundleEdits
{
    /// <summary>Replaces one entry's bytes with <paramref name="change"/> of them.</summary>
    public static void Rewrite(string zipPath, string entryName, Func<byte[], byte[]> change)
    {
        using var zip = ZipFile.Open(zipPath, ZipArchiveMode.Update);
        var bytes = EntryBytes(zip, entryName);
        zip.GetEntry(entryName)!.Delete();
        using var output = zip.CreateEntry(entryName).Open();
        output.Write(change(bytes));
    }

    /// <summary>Edits bundle.json as JSON.</summary>
    public static void RewriteManifest(string zipPath, Action<JsonNode> edit) => Rewrite(zipPath, "bundle.json", bytes =>
    {
        var json = JsonNode.Parse(bytes)!;
        edit(json);
        return Encoding.UTF8.GetBytes(json.ToJsonString());
    });

    /// <summary>Rewrites bundle.sha256 for the entries as they are now: a consistent edit, as a deliberate one would be.</summary>
    public static void Resign(string zipPath)
    {
        const string digests = "bundle.sha256";
        using var zip = ZipFile.Open(zipPath, ZipArchiveMode.Update);
        var names = zip.Entries.Select(e => e.FullName).Where(n => n != digests).ToArray();
        var text = string.Concat(names.Select(n => $"{Sha256(EntryBytes(zip, n))}  {n}\n"));
        zip.GetEntry(digests)!.Delete();
        using var output = zip.CreateEntry(digests).Open();
        output.Write(Encoding.UTF8.GetBytes(text));
    }

    public static byte[] EntryBytes(ZipArchive zip, string name)
    {
        using var stream = zip.GetEntry(name)!.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
