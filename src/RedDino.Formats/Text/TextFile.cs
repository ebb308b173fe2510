using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace RedDino.Formats.Text;

/// <summary>Opens the project's text inputs (manifests, embeddings CSV, sources CSV, pipeline files) with
/// one rule: a byte order mark chooses UTF-8, UTF-16 (LE/BE) or UTF-32 (LE/BE); without one the file
/// must be valid UTF-8. Invalid bytes are an error naming the file and line, never silently replaced
/// (a Latin-1 "café" and "cafè" would otherwise both become "caf\uFFFD", one class).</summary>
public static class TextFile
{
    private const int ChunkBytes = 1 << 16;

    /// <summary>A reader positioned after the byte order mark, if any.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">Not valid UTF-8 (names the file and the line); invalid UTF-16/32
    /// surfaces the same way while reading.</exception>
    public static TextReader Open(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"File not found: {path}", path);
        var (encoding, bomLength) = Detect(path);
        if (encoding is UTF8Encoding)
            CheckUtf8(path, bomLength);
        var stream = File.OpenRead(path);
        stream.Position = bomLength;
        return new CheckedReader(new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: false), path, encoding);
    }

    /// <summary>The whole file as a string (same rules as <see cref="Open"/>).</summary>
    public static string ReadAllText(string path)
    {
        using var reader = Open(path);
        return reader.ReadToEnd();
    }

    // Encodings that throw on invalid input instead of replacing it.
    private static (Encoding Encoding, int BomLength) Detect(string path)
    {
        Span<byte> head = stackalloc byte[4];
        using (var stream = File.OpenRead(path))
            head = head[..stream.ReadAtLeast(head, 4, throwOnEndOfStream: false)];
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00])) return (new UTF32Encoding(false, false, true), 4);
        if (head.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF])) return (new UTF32Encoding(true, false, true), 4);
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) return (new UTF8Encoding(false, true), 3);
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])) return (new UnicodeEncoding(false, false, true), 2);
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) return (new UnicodeEncoding(true, false, true), 2);
        return (new UTF8Encoding(false, true), 0);
    }

    // One pass over the bytes in chunks: the first invalid sequence is reported with its line (1-based).
    private static void CheckUtf8(string path, int skip)
    {
        using var stream = File.OpenRead(path);
        stream.Position = skip;
        var bytes = ArrayPool<byte>.Shared.Rent(ChunkBytes + 4);
        var chars = ArrayPool<char>.Shared.Rent(ChunkBytes + 4);
        try
        {
            int carried = 0, line = 1;
            while (true)
            {
                var read = stream.Read(bytes, carried, ChunkBytes);
                var length = carried + read;
                var final = read == 0;
                var status = Utf8.ToUtf16(bytes.AsSpan(0, length), chars, out var consumed, out _, replaceInvalidSequences: false, isFinalBlock: final);
                line += bytes.AsSpan(0, consumed).Count((byte)'\n');
                if (status == System.Buffers.OperationStatus.InvalidData)
                    throw new InvalidDataException(
                        $"{path}, line {line}: not valid UTF-8 text (byte 0x{bytes[consumed]:X2}); save the file as UTF-8 (other encodings need a byte order mark: UTF-16 or UTF-32)");
                if (final) return;
                // An incomplete sequence at the end of the chunk is completed by the next one.
                carried = length - consumed;
                bytes.AsSpan(consumed, carried).CopyTo(bytes);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>Turns the decoder's exception (invalid UTF-16/32) into one that names the file.</summary>
    private sealed class CheckedReader(StreamReader inner, string path, Encoding encoding) : TextReader
    {
        public override int Peek() => Guard(inner.Peek);
        public override int Read() => Guard(inner.Read);
        public override int Read(char[] buffer, int index, int count) => Guard(() => inner.Read(buffer, index, count));
        public override int Read(Span<char> buffer)
        {
            try { return inner.Read(buffer); }
            catch (DecoderFallbackException e) { throw Invalid(e); }
        }
        public override string? ReadLine() => Guard(inner.ReadLine);
        public override string ReadToEnd() => Guard(inner.ReadToEnd);

        private T Guard<T>(Func<T> read)
        {
            try { return read(); }
            catch (DecoderFallbackException e) { throw Invalid(e); }
        }

        private InvalidDataException Invalid(DecoderFallbackException e) =>
            new($"{path}: not valid {encoding.WebName} text (as its byte order mark declares)", e);

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
