using System.Text;

namespace RedDino.MLNet.Bundles;

/// <summary>bundle.sha256 (format 2 on): the sha256 of every other entry in <c>sha256sum</c>'s format
/// ("&lt;hex&gt;  &lt;entry&gt;" per line), so that bundle.json itself, which holds the other entries'
/// hashes and the class names, is covered too: an edited class name is detected on load. An unzipped
/// bundle can be checked with <c>sha256sum -c bundle.sha256</c>.</summary>
internal static class BundleDigests
{
    public static byte[] Write(IEnumerable<(string Entry, string Sha256)> entries) =>
        Encoding.UTF8.GetBytes(string.Concat(entries.Select(e => $"{e.Sha256}  {e.Entry}\n")));

    /// <summary>Checks bundle.json's bytes, and that the other entries' lines agree with bundle.json.</summary>
    /// <exception cref="InvalidDataException">A missing, malformed or disagreeing line (names the bundle and the entry).</exception>
    public static void Check(byte[] digestsFile, byte[] manifestBytes, BundleManifest manifest, string bundlePath)
    {
        var digests = Parse(digestsFile, bundlePath);
        Expect(digests, BundleFormat.ManifestEntry, BundleWriter.Sha256(manifestBytes), bundlePath);
        foreach (var (entry, sha256) in manifest.Entries())
            Expect(digests, entry, sha256, bundlePath);
    }

    private static void Expect(Dictionary<string, string> digests, string entry, string actual, string bundlePath)
    {
        if (!digests.TryGetValue(entry, out var expected))
            throw new InvalidDataException($"{bundlePath}: '{BundleFormat.DigestsEntry}' has no line for '{entry}'");
        if (!string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException(
                $"{bundlePath}: entry '{entry}' does not match its sha256 in '{BundleFormat.DigestsEntry}' (expected {expected}, found {actual}): the bundle was modified or is corrupt");
    }

    private static Dictionary<string, string> Parse(byte[] bytes, string bundlePath)
    {
        var digests = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = Encoding.UTF8.GetString(bytes).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        foreach (var (line, number) in lines.Select((l, i) => (l.TrimEnd('\r'), i + 1)))
        {
            var parts = line.Split("  ", 2);
            if (parts.Length != 2 || parts[0].Length != 64 || !parts[0].All(char.IsAsciiHexDigit))
                throw new InvalidDataException($"{bundlePath}: '{BundleFormat.DigestsEntry}' line {number} is not '<sha256>  <entry>'");
            digests[parts[1]] = parts[0];
        }
        return digests;
    }
}
