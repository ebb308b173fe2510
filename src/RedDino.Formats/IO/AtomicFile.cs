using System.Text;

namespace RedDino.Formats.IO;

/// <summary>Whole-file writes that never leave a truncated file behind: the content goes to a
/// <see cref="PendingFile"/>, which replaces the target only once it is complete (and is deleted when
/// writing fails). Every file the project writes goes through here or through <see cref="PendingFile"/>.</summary>
public static class AtomicFile
{
    /// <summary>UTF-8 without a byte-order mark, the encoding of every text file the project writes.</summary>
    public static Encoding Utf8 { get; } = new UTF8Encoding(false);

    /// <summary>Writes <paramref name="path"/> through a stream.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        using var pending = PendingFile.Start(path);
        using (var stream = new FileStream(pending.TempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            write(stream);
        pending.Commit();
    }

    /// <summary>Writes <paramref name="path"/> as UTF-8 text through a writer.</summary>
    public static void WriteText(string path, Action<TextWriter> write) =>
        Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, Utf8, leaveOpen: true);
            write(writer);
        });

    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/> as UTF-8.</summary>
    public static void WriteAllText(string path, string text) => WriteText(path, writer => writer.Write(text));

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/>.</summary>
    public static void WriteAllBytes(string path, byte[] bytes) => Write(path, stream => stream.Write(bytes));
}
