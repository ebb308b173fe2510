using System.Collections.Concurrent;
using System.Globalization;
using RedDino.Formats.IO;

namespace RedDino.Tests.Shared;

/// <summary>
/// Every temporary folder a test asks for (<see cref="RepoPaths.NewTempFolder"/>) is deleted, also when
/// the test fails: the folders a test makes go right after it (MSTest's global test cleanup; the test's
/// scope flows to the code it runs, threads and tasks included), the ones made outside a test (class
/// set-up) or for the whole run (<see cref="RepoPaths.NewSharedTempFolder"/>) when the test assembly
/// finishes. All of them live under one folder per test process, <c>reddino-tests-&lt;pid&gt;</c> in the
/// system temp folder, and a run deletes the folders of earlier test processes that died without
/// cleaning up, so nothing piles up in /tmp.
/// </summary>
[TestClass]
public static class TempFolders
{
    private const string RootPrefix = "reddino-tests-";
    private static readonly AsyncLocal<TestScope?> CurrentTest = new();
    private static readonly ConcurrentQueue<string> RunFolders = new();
    private static readonly Lazy<string> RootLazy = new(CreateRoot);

    private sealed class TestScope
    {
        public readonly ConcurrentQueue<string> Folders = new();
        public volatile bool Closed;
    }

    /// <summary>This test process's folder under the system temp folder.</summary>
    public static string Root => RootLazy.Value;

    [GlobalTestInitialize]
    public static void OpenTestScope(TestContext context) => CurrentTest.Value = new TestScope();

    [GlobalTestCleanup]
    public static void DeleteTestFolders(TestContext context)
    {
        if (CurrentTest.Value is not { } scope) return;
        scope.Closed = true;
        foreach (var folder in scope.Folders) Delete(folder);
    }

    [AssemblyCleanup]
    public static void DeleteRunFolders()
    {
        foreach (var folder in RunFolders) Delete(folder);
        if (RootLazy.IsValueCreated) Delete(Root);
    }

    /// <summary>A fresh, empty folder; deleted after the current test, or at the end of the run when
    /// <paramref name="wholeRun"/> is set or no test is running.</summary>
    public static string Create(string prefix, bool wholeRun)
    {
        var path = Path.Combine(Root, $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        if (!wholeRun && CurrentTest.Value is { Closed: false } scope) scope.Folders.Enqueue(path);
        else RunFolders.Enqueue(path);
        return path;
    }

    private static string CreateRoot()
    {
        DeleteRootsOfDeadProcesses();
        var root = Path.Combine(Path.GetTempPath(), RootPrefix + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(root);
        return root;
    }

    private static void DeleteRootsOfDeadProcesses()
    {
        foreach (var root in Directory.EnumerateDirectories(Path.GetTempPath(), RootPrefix + "*"))
            if (int.TryParse(Path.GetFileName(root)[RootPrefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && !TemporaryFiles.IsRunning(pid))
                Delete(root);
    }

    private static void Delete(string folder)
    {
        try
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A child process may still hold a file there; the root goes at the end of the run.
        }
    }
}
