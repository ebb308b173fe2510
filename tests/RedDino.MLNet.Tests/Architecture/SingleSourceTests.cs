using System.Text.RegularExpressions;
using RedDino.Tests.Shared;

namespace RedDino.MLNet.Tests.Architecture;

/// <summary>Contracts spelled once and documented inside the repository: the <c>reddino.*</c> metadata
/// keys appear as literals in one source file only, and no source, test, script or document points to
/// notes outside the repository.</summary>
[TestClass]
public sealed partial class SingleSourceTests
{
    [GeneratedRegex("\"reddino\\.[a-z_0-9]+\"")]
    private static partial Regex MetadataKeyLiteral();

    private static IEnumerable<string> Files(string folder, params string[] patterns) =>
        patterns.SelectMany(p => Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, folder), p, SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    [TestMethod]
    public void MetadataKeysAreSpelledInOneSourceFile()
    {
        var spelled = Files("src", "*.cs").Where(f => MetadataKeyLiteral().IsMatch(File.ReadAllText(f)))
            .Select(f => Path.GetRelativePath(RepoPaths.Root, f)).ToList();
        CollectionAssert.AreEqual(new[] { Path.Combine("src", "RedDino.Formats", "MetadataKeys.cs") }, spelled);
    }

    [TestMethod]
    public void NothingPointsToNotesOutsideTheRepository()
    {
        // Built from parts so that this file does not match itself.
        string[] outside = ["shared/" + "notes", "contracts" + ".md", "reference-" + "protocol", "pretraining-" + "reference", "analysis-" + "reference", "mlnet-" + "public-api"];
        var files = new[] { "src", "tests", "benchmarks", "docs", "pipelines", "data-manifests" }
            .SelectMany(folder => Files(folder, "*.cs", "*.json", "*.py", "*.md", "*.csproj"))
            .Append(Path.Combine(RepoPaths.Root, "README.md"));
        var offending = files.Where(f => outside.Any(File.ReadAllText(f).Contains)).Select(f => Path.GetRelativePath(RepoPaths.Root, f)).ToList();
        Assert.IsEmpty(offending, $"point into docs/ instead: {string.Join(", ", offending)}");
    }
}
