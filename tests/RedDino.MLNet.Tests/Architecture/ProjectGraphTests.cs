using System.Xml.Linq;
using RedDino.Tests.Shared;

namespace RedDino.MLNet.Tests.Architecture;

/// <summary>
/// The project graph of docs/architecture.md, read from the project files of the whole repository:
/// RedDino.MLNet -> Formats; RedDino.Backbone -> Formats; RedDino.Pretraining -> Backbone, Formats;
/// RedDino.Cli -> all; RedDino.Formats -> nothing; and the rule of each arrow: Formats carries
/// neither ML.NET nor TorchSharp, Backbone and Pretraining carry no ML.NET, MLNet no TorchSharp
/// (<see cref="NoTorchSharpDependencyTests"/> checks its whole closure). A new project or arrow fails
/// here until the documented graph says so.
/// </summary>
[TestClass]
public sealed class ProjectGraphTests
{
    private static readonly Dictionary<string, string[]> Expected = new()
    {
        ["RedDino.Formats"] = [],
        ["RedDino.MLNet"] = ["RedDino.Formats"],
        ["RedDino.Backbone"] = ["RedDino.Formats"],
        ["RedDino.Pretraining"] = ["RedDino.Backbone", "RedDino.Formats"],
        ["RedDino.Cli"] = ["RedDino.Backbone", "RedDino.Formats", "RedDino.MLNet", "RedDino.Pretraining"],
    };

    private static XDocument Project(string folder, string name) => XDocument.Load(Path.Combine(RepoPaths.Root, folder, name, name + ".csproj"));

    private static string[] References(XDocument project) => project.Descendants("ProjectReference")
        .Select(e => Path.GetFileNameWithoutExtension((string)e.Attribute("Include")!)).Order(StringComparer.Ordinal).ToArray();

    private static string[] Packages(XDocument project) => project.Descendants("PackageReference")
        .Select(e => (string)e.Attribute("Include")!).ToArray();

    private static bool UsesTorchSharp(XDocument project) => project.Descendants("UsesTorchSharp").Any(e => e.Value == "true");

    [TestMethod]
    public void SourceProjectsReferenceExactlyTheDocumentedProjects()
    {
        var found = Directory.GetDirectories(Path.Combine(RepoPaths.Root, "src")).Select(Path.GetFileName)
            .Where(name => File.Exists(Path.Combine(RepoPaths.Root, "src", name!, name + ".csproj"))).Order(StringComparer.Ordinal).ToArray();
        CollectionAssert.AreEqual(Expected.Keys.Order(StringComparer.Ordinal).ToArray(), found, "the src projects are the documented ones");
        foreach (var (name, references) in Expected)
            CollectionAssert.AreEqual(references, References(Project("src", name)), $"{name} references");
    }

    [TestMethod]
    public void EachArrowKeepsItsRule()
    {
        var formats = Project("src", "RedDino.Formats");
        Assert.IsFalse(Packages(formats).Any(p => p.StartsWith("Microsoft.ML", StringComparison.Ordinal) || p.StartsWith("TorchSharp", StringComparison.Ordinal)),
            $"RedDino.Formats has neither ML.NET nor TorchSharp: {string.Join(", ", Packages(formats))}");
        Assert.IsFalse(UsesTorchSharp(formats));
        foreach (var name in new[] { "RedDino.Backbone", "RedDino.Pretraining" })
            Assert.IsFalse(Packages(Project("src", name)).Any(p => p.StartsWith("Microsoft.ML", StringComparison.Ordinal)),
                $"{name} carries no ML.NET (the built-in ResNet-18's graphs ship with the CLI)");
        var mlnet = Project("src", "RedDino.MLNet");
        Assert.IsFalse(UsesTorchSharp(mlnet) || Packages(mlnet).Any(p => p.StartsWith("TorchSharp", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void EachTestProjectReferencesTheProjectItTests()
    {
        foreach (var name in Expected.Keys)
            CollectionAssert.Contains(References(Project("tests", name + ".Tests")), name, $"{name}.Tests references {name}");
    }
}
