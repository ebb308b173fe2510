namespace RedDino.Formats.IO;

/// <summary>The output a command was asked to write cannot be written there: a folder where a file is
/// needed, a file where a folder is needed, a parent that is a file, or a folder without write
/// permission. The message names the path and says which.</summary>
public sealed class OutputPathException(string message, Exception? inner = null) : IOException(message, inner);

/// <summary>
/// Checks an output path before any work starts, so that a long run never ends in "cannot write":
/// what exists at the path must be of the right kind, every existing ancestor must be a folder, and
/// the nearest existing folder must accept a new file (tried with a probe file that is deleted at
/// once). Nothing is created.
/// </summary>
public static class OutputPaths
{
    /// <summary>Checks that <paramref name="path"/> can be written as a file.</summary>
    /// <param name="path">The output file.</param>
    /// <param name="what">How the message names the path, e.g. "--out".</param>
    /// <exception cref="OutputPathException">It cannot (the message says why).</exception>
    public static void CheckFile(string path, string what)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
            throw new OutputPathException($"{what} {path}: is a folder; give a file path");
        CheckWritableFolder(Path.GetDirectoryName(full)!, what, path);
    }

    /// <summary>Checks that <paramref name="path"/> can be used as an output folder (existing or new).</summary>
    /// <param name="path">The output folder.</param>
    /// <param name="what">How the message names the path, e.g. "--out".</param>
    /// <exception cref="OutputPathException">It cannot (the message says why).</exception>
    public static void CheckFolder(string path, string what)
    {
        var full = Path.GetFullPath(path);
        if (File.Exists(full))
            throw new OutputPathException($"{what} {path}: is a file; give a folder");
        CheckWritableFolder(full, what, path);
    }

    // The folder (created later if missing) must not sit under a file, and its nearest existing
    // ancestor must accept a new entry.
    private static void CheckWritableFolder(string folder, string what, string given)
    {
        var existing = folder;
        while (!Directory.Exists(existing))
        {
            if (File.Exists(existing))
                throw new OutputPathException($"{what} {given}: {existing} is a file, not a folder");
            existing = Path.GetDirectoryName(existing) ?? throw new OutputPathException($"{what} {given}: no existing folder above it");
        }
        var probe = Path.Combine(existing, TemporaryFiles.UniqueName(".reddino-write-check", ".tmp"));
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose)) { }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var reason = e is UnauthorizedAccessException ? "permission denied" : e.Message.Replace(probe, existing, StringComparison.Ordinal);
            throw new OutputPathException($"{what} {given}: cannot write in {existing} ({reason})", e);
        }
    }
}
