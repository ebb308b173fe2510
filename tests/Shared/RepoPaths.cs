namespace RedDino.Tests.Shared;

/// <summary>Locates the repository (the folder holding RedDino.MLNet.sln), its committed test
/// fixtures, and the read-only ../shared folder that sits beside the checkout in CI.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> RootLazy = new(FindRoot);

    public static string Root => RootLazy.Value;

    /// <summary>tests/fixtures/&lt;parts&gt;: files written by the committed scripts in tests/fixtures/scripts.</summary>
    public static string Fixture(params string[] parts) => Path.Combine([Root, "tests", "fixtures", .. parts]);

    /// <summary>../shared/&lt;parts&gt; beside the checkout (real data such as data/chula-rbc-12).</summary>
    public static string Shared(params string[] parts) => Path.GetFullPath(Path.Combine([Root, "..", "shared", .. parts]));

    /// <summary><see cref="Shared"/>, which must exist: CI and the README's test command run with ../shared beside
    /// the checkout, so a missing copy is a broken setup to report, not a reason to skip the check.</summary>
    public static string RequireShared(params string[] parts)
    {
        var path = Shared(parts);
        if (!File.Exists(path) && !Directory.Exists(path))
            Assert.Fail($"{path} is missing: the tests expect ../shared (with data/chula-rbc-12) beside the checkout, as CI provides it");
        return path;
    }

    /// <summary>A fresh, empty folder for one test's outputs, deleted when the test ends, pass or fail
    /// (made outside a test, e.g. in a class set-up: when the test run ends). See <see cref="TempFolders"/>.</summary>
    public static string NewTempFolder(string prefix = "reddino-test") => TempFolders.Create(prefix, wholeRun: false);

    /// <summary>A fresh, empty folder for something several tests share (a lazily built fixture), deleted
    /// when the test run ends.</summary>
    public static string NewSharedTempFolder(string prefix = "reddino-shared") => TempFolders.Create(prefix, wholeRun: true);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "RedDino.MLNet.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"RedDino.MLNet.sln not found above {AppContext.BaseDirectory}");
    }
}
