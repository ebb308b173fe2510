using System.Security.Cryptography;

namespace RedDino.Formats.IO;

/// <summary>The sha256 the project records everywhere ("model sha256", "source sha256", bundle entries):
/// lower-case hex of the bytes.</summary>
public static class FileHash
{
    /// <summary>sha256 of a file's bytes, lower-case hex.</summary>
    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Hex(SHA256.HashData(stream));
    }

    /// <summary>sha256 of <paramref name="bytes"/>, lower-case hex.</summary>
    public static string Sha256(byte[] bytes) => Hex(SHA256.HashData(bytes));

    private static string Hex(byte[] hash) => Convert.ToHexString(hash).ToLowerInvariant();
}
