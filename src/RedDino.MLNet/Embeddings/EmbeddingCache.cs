using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using RedDino.Formats.Imaging;
using RedDino.Formats.Manifests;
using RedDino.Formats.IO;

namespace RedDino.MLNet.Embeddings;

/// <summary>Embeddings already computed, one small file per image, so repeated runs (and an interrupted
/// run started again) only infer what is missing.</summary>
/// <remarks>
/// Key = sha256 of (cache format version, model sha256, preprocessing fingerprint, image content sha256,
/// crop box): any change to what determines the numbers gives a new key. Layout:
/// <c>&lt;folder&gt;/v{FormatVersion}/&lt;key[0..2]&gt;/&lt;key&gt;.emb</c>. An entry is
/// [magic "RDEMBED\0" | int32 format | int32 D | 32-byte key | D float32 | 32-byte sha256 of all before],
/// little-endian, written to a temporary file and renamed into place, so readers never see half an entry.
/// An entry that fails any check is treated as missing (and then rewritten).
/// </remarks>
internal sealed class EmbeddingCache
{
    /// <summary>Format history: 1 = the layout above.</summary>
    public const int FormatVersion = 1;

    private static ReadOnlySpan<byte> Magic => "RDEMBED\0"u8;
    private const int HeaderLength = 8 + 4 + 4 + 32;
    private const int ChecksumLength = 32;

    private readonly string _folder;
    private readonly string _keyPrefix;
    private readonly int _dim;
    private int _corrupt;

    public EmbeddingCache(string folder, string modelSha256, PreprocessingSettings preprocessing, int embedDim)
    {
        _folder = Path.Combine(Path.GetFullPath(folder), $"v{FormatVersion}");
        _keyPrefix = $"{FormatVersion}|{modelSha256}|{preprocessing.Fingerprint()}|";
        _dim = embedDim;
    }

    /// <summary>Entries found damaged (and therefore recomputed) so far.</summary>
    public int CorruptEntries => Volatile.Read(ref _corrupt);

    /// <summary>The key of an image's content (its sha256) under a crop box.</summary>
    public byte[] KeyFor(ReadOnlySpan<byte> imageSha256, CropBox? crop)
    {
        var cropText = crop is { } c ? string.Create(CultureInfo.InvariantCulture, $"{c.X},{c.Y},{c.Width},{c.Height}") : "none";
        var text = _keyPrefix + Convert.ToHexStringLower(imageSha256) + "|" + cropText;
        return SHA256.HashData(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>Path of the entry for <paramref name="key"/>.</summary>
    public string EntryPath(byte[] key)
    {
        var hex = Convert.ToHexStringLower(key);
        return Path.Combine(_folder, hex[..2], hex + ".emb");
    }

    /// <summary>Reads an entry into <paramref name="embedding"/> ([D]); false when absent or damaged.</summary>
    public bool TryRead(byte[] key, Span<float> embedding)
    {
        var path = EntryPath(key);
        byte[] bytes;
        try
        {
            if (!File.Exists(path)) return false;
            bytes = File.ReadAllBytes(path);
        }
        catch (IOException)
        {
            return false;
        }
        if (!IsValid(bytes, key))
        {
            Interlocked.Increment(ref _corrupt);
            return false;
        }
        MemoryMarshal.Cast<byte, float>(bytes.AsSpan(HeaderLength, _dim * 4)).CopyTo(embedding);
        if (!BitConverter.IsLittleEndian) ReverseFloats(embedding);
        return true;
    }

    /// <summary>Writes (or replaces) an entry atomically: temporary file, then rename.</summary>
    public void Write(byte[] key, ReadOnlySpan<float> embedding)
    {
        var bytes = new byte[HeaderLength + _dim * 4 + ChecksumLength];
        Magic.CopyTo(bytes);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), FormatVersion);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(12), _dim);
        key.CopyTo(bytes.AsSpan(16));
        for (var i = 0; i < _dim; i++)
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(HeaderLength + 4 * i), embedding[i]);
        SHA256.HashData(bytes.AsSpan(0, bytes.Length - ChecksumLength), bytes.AsSpan(bytes.Length - ChecksumLength));

        AtomicFile.WriteAllBytes(EntryPath(key), bytes);
    }

    private bool IsValid(byte[] bytes, byte[] key)
    {
        if (bytes.Length != HeaderLength + _dim * 4 + ChecksumLength) return false;
        if (!bytes.AsSpan(0, 8).SequenceEqual(Magic)) return false;
        if (BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8)) != FormatVersion) return false;
        if (BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(12)) != _dim) return false;
        if (!bytes.AsSpan(16, 32).SequenceEqual(key)) return false;
        Span<byte> checksum = stackalloc byte[ChecksumLength];
        SHA256.HashData(bytes.AsSpan(0, bytes.Length - ChecksumLength), checksum);
        return checksum.SequenceEqual(bytes.AsSpan(bytes.Length - ChecksumLength));
    }

    private static void ReverseFloats(Span<float> values)
    {
        var raw = MemoryMarshal.Cast<float, int>(values);
        for (var i = 0; i < raw.Length; i++) raw[i] = BinaryPrimitives.ReverseEndianness(raw[i]);
    }
}
