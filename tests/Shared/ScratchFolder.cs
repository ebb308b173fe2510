namespace RedDino.Tests.Shared;

/// <summary>A fresh temp folder for one test, deleted with everything in it when disposed (also when the
/// test fails): <c>using var scratch = new ScratchFolder();</c>.</summary>
internal sealed class ScratchFolder : IDisposable
{
    public string Path { get; } = RepoPaths.NewTempFolder();

    /// <summary>A path inside the folder.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A file still open on a slow runner: the OS temp cleaner gets it; the test result stands.
        }
    }
}
