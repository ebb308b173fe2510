namespace RedDino.Formats.IO;

/// <summary>
/// A file being written: everything goes to a temporary file beside the target
/// (<c>&lt;name&gt;.&lt;process id&gt;-&lt;random&gt;.partial</c>, in the same folder so the final rename
/// stays on one file system), and <see cref="Commit"/> renames it over the target in one step. Until then
/// readers see the previous file or none, never a half-written one; two writers of the same target never
/// share a temporary file and the last one to commit wins, whole; <see cref="Dispose"/> without a commit
/// deletes the temporary file, and temporaries left by processes that died are deleted by the next writer.
/// Files that belong together (an embeddings CSV and its sidecar) are committed as one with
/// <see cref="CommitTogether"/>.
/// </summary>
public sealed class PendingFile : IDisposable
{
    internal const string Suffix = ".partial";

    private readonly IDisposable _tracking;
    private bool _committed;

    private PendingFile(string path)
    {
        FinalPath = Path.GetFullPath(path);
        if (Directory.Exists(FinalPath))
            throw new OutputPathException($"{path}: is a folder; a file is needed here");
        var folder = Path.GetDirectoryName(FinalPath)!;
        CreateFolder(folder, path);
        var name = Path.GetFileName(FinalPath);
        TemporaryFiles.DeleteStale(folder, name, Suffix);
        TempPath = Path.Combine(folder, TemporaryFiles.UniqueName(name, Suffix));
        _tracking = TemporaryFiles.Track(TempPath);
    }

    /// <summary>Starts writing <paramref name="path"/> (its folder is created; nothing is written yet).</summary>
    /// <exception cref="OutputPathException">The path is a folder, or a parent of it is a file.</exception>
    public static PendingFile Start(string path) => new(path);

    /// <summary>The file that <see cref="Commit"/> puts in place (full path).</summary>
    public string FinalPath { get; }

    /// <summary>Where to write meanwhile; close every handle on it before <see cref="Commit"/>.</summary>
    public string TempPath { get; }

    /// <summary>Moves the temporary file over the target (replacing it).</summary>
    /// <exception cref="FileNotFoundException">Nothing was written to <see cref="TempPath"/>.</exception>
    /// <exception cref="IOException">The target cannot be replaced (the message names the target, not the temporary file).</exception>
    public void Commit()
    {
        if (_committed) return;
        try
        {
            File.Move(TempPath, FinalPath, overwrite: true);
        }
        catch (IOException e) when (e is not FileNotFoundException)
        {
            throw new IOException($"{FinalPath}: could not be written ({NameTheTarget(e.Message)})", e);
        }
        _committed = true;
        _tracking.Dispose();
    }

    /// <summary>Commits several files as one: under a lock shared by every writer of the first file,
    /// in the order given. Two processes committing the same set never interleave, so the files last
    /// written come from one writer (a reader that checks them against each other, as the embeddings
    /// reader does, may still look between the renames and should retry).</summary>
    public static void CommitTogether(params PendingFile[] files)
    {
        if (files.Length == 0) return;
        using (CommitLock.Acquire(files[0].FinalPath))
            foreach (var file in files)
                file.Commit();
    }

    /// <summary>Rewrites an I/O error message about the temporary file so that it names the target.</summary>
    public string NameTheTarget(string message) => message.Replace(TempPath, FinalPath, StringComparison.Ordinal);

    /// <summary>Deletes the temporary file unless it was committed.</summary>
    public void Dispose()
    {
        if (!_committed && File.Exists(TempPath))
            File.Delete(TempPath);
        _tracking.Dispose();
    }

    private static void CreateFolder(string folder, string given)
    {
        for (var ancestor = folder; ancestor is not null && !Directory.Exists(ancestor); ancestor = Path.GetDirectoryName(ancestor))
            if (File.Exists(ancestor))
                throw new OutputPathException($"{given}: {ancestor} is a file, not a folder");
        Directory.CreateDirectory(folder);
    }
}
