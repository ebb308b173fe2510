namespace RedDino.Formats.IO;

/// <summary>
/// A file being written: everything goes to a temporary file beside the target
/// (<c>&lt;name&gt;.&lt;random&gt;.partial</c>, in the same folder so the final rename stays on one file
/// system), and <see cref="Commit"/> renames it over the target in one step. Until then readers see the
/// previous file or none, never a half-written one; two writers of the same target never share a
/// temporary file; <see cref="Dispose"/> without a commit deletes the temporary file.
/// </summary>
public sealed class PendingFile : IDisposable
{
    private bool _committed;

    private PendingFile(string path)
    {
        FinalPath = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(FinalPath)!;
        Directory.CreateDirectory(folder);
        TempPath = Path.Combine(folder, $"{Path.GetFileName(FinalPath)}.{Guid.NewGuid():N}.partial");
    }

    /// <summary>Starts writing <paramref name="path"/> (its folder is created; nothing is written yet).</summary>
    public static PendingFile Start(string path) => new(path);

    /// <summary>The file that <see cref="Commit"/> puts in place (full path).</summary>
    public string FinalPath { get; }

    /// <summary>Where to write meanwhile; close every handle on it before <see cref="Commit"/>.</summary>
    public string TempPath { get; }

    /// <summary>Moves the temporary file over the target (replacing it).</summary>
    /// <exception cref="FileNotFoundException">Nothing was written to <see cref="TempPath"/>.</exception>
    public void Commit()
    {
        if (_committed) return;
        File.Move(TempPath, FinalPath, overwrite: true);
        _committed = true;
    }

    /// <summary>Deletes the temporary file unless it was committed.</summary>
    public void Dispose()
    {
        if (!_committed && File.Exists(TempPath))
            File.Delete(TempPath);
    }
}
