using RedDino.Formats.IO;

namespace RedDino.MLNet.Bundles;

/// <summary>
/// A bundle's backbone unpacked for ONNX Runtime, which opens models by path: one file per load,
/// <c>reddino-bundle.&lt;pid&gt;-&lt;random&gt;.onnx</c>, deleted on <see cref="Dispose"/> (when the bundle is
/// disposed, or when loading fails). Concurrent loads never share a file; files left by a process that
/// died are deleted by the next load in the same folder.
/// </summary>
internal sealed class UnpackedBackbone : IDisposable
{
    private const string Name = "reddino-bundle";
    private const string Suffix = ".onnx";
    private readonly IDisposable _tracking;

    private UnpackedBackbone(string path)
    {
        Path = path;
        _tracking = TemporaryFiles.Track(path);
    }

    /// <summary>The unpacked ONNX file.</summary>
    public string Path { get; }

    public static UnpackedBackbone Write(byte[] bytes, string? folder)
    {
        folder ??= System.IO.Path.GetTempPath();
        Directory.CreateDirectory(folder);
        TemporaryFiles.DeleteStale(folder, Name, Suffix);
        var backbone = new UnpackedBackbone(System.IO.Path.Combine(folder, TemporaryFiles.UniqueName(Name, Suffix)));
        try
        {
            File.WriteAllBytes(backbone.Path, bytes);
            return backbone;
        }
        catch
        {
            backbone.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        try
        {
            File.Delete(Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: the next load in this folder deletes it (TemporaryFiles.DeleteStale).
        }
        _tracking.Dispose();
    }
}
