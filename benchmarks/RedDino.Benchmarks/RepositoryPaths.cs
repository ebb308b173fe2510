namespace RedDino.Benchmarks;

/// <summary>The checkout the suites read their inputs from (pipelines/, data-manifests/, ../shared beside it).</summary>
internal static class RepositoryPaths
{
    /// <summary>The folder holding RedDino.MLNet.sln, found above the benchmark's binaries or the current folder.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "RedDino.MLNet.sln"))) return dir.FullName;
        throw new InvalidOperationException("run the benchmarks from inside the repository (RedDino.MLNet.sln not found)");
    }
}
