using RedDino.Cli.Tests.Architecture;
using RedDino.Tests.Shared;

namespace RedDino.Cli.Tests.Packaging;

/// <summary>The quick part of the packaging checks: what each project packs as (evaluated by MSBuild) and the
/// pack-time patch of LibTorchSharp. The slow part, packing and consuming the packages from a local feed (a
/// net8.0 console app on RedDino.MLNet, the reddino tool installed and run), is build/check-package.sh.</summary>
[TestClass]
public sealed class PackagingSettingsTests
{
    [TestMethod]
    [DataRow("src/RedDino.MLNet/RedDino.MLNet.csproj")]
    [DataRow("src/RedDino.Formats/RedDino.Formats.csproj")]
    public void TheLibrariesPackForNet8AndNet10WithSymbolsDocsLicenceAndReadme(string project)
    {
        var p = MSBuildQuery.Properties(project, ["TargetFrameworks", "IsPackable", "IncludeSymbols", "SymbolPackageFormat",
            "PackageLicenseExpression", "PackageReadmeFile", "GenerateDocumentationFile", "WarningsAsErrors", "TreatWarningsAsErrors",
            "PublishRepositoryUrl", "EmbedUntrackedSources", "Description"]);
        Assert.AreEqual("net8.0;net10.0", p["TargetFrameworks"]);
        Assert.AreEqual("true", p["IsPackable"]);
        Assert.AreEqual("true", p["IncludeSymbols"]);
        Assert.AreEqual("snupkg", p["SymbolPackageFormat"]);
        Assert.AreEqual("MIT", p["PackageLicenseExpression"]);
        Assert.AreEqual("README.md", p["PackageReadmeFile"]);
        Assert.AreEqual("true", p["GenerateDocumentationFile"]);
        CollectionAssert.Contains(p["WarningsAsErrors"].Split(';'), "CS1591", "an undocumented public member is an error");
        Assert.AreEqual("true", p["PublishRepositoryUrl"], "SourceLink: the repository URL from git");
        Assert.AreEqual("true", p["EmbedUntrackedSources"]);
        Assert.IsGreaterThan(40, p["Description"].Length);
    }

    [TestMethod]
    public void TheCliPacksAsTheReddinoToolPerPlatformWithTheCpuOnnxRuntime()
    {
        var p = MSBuildQuery.Properties("src/RedDino.Cli/RedDino.Cli.csproj",
            ["IsPackable", "PackAsTool", "ToolCommandName", "PackageId", "ToolPackageRuntimeIdentifiers", "RuntimeIdentifiers", "OnnxRuntimeBackend", "PackageReadmeFile"],
            "_IsPacking=true");
        Assert.AreEqual("true", p["IsPackable"]);
        Assert.AreEqual("true", p["PackAsTool"]);
        Assert.AreEqual("reddino", p["ToolCommandName"]);
        Assert.AreEqual("reddino", p["PackageId"]);
        CollectionAssert.Contains(p["ToolPackageRuntimeIdentifiers"].Split(';'), "linux-x64");
        Assert.AreEqual(p["ToolPackageRuntimeIdentifiers"], p["RuntimeIdentifiers"], "restore covers every platform package");
        Assert.AreEqual("cpu", p["OnnxRuntimeBackend"], "the tool carries the CPU build of ONNX Runtime");
        Assert.AreEqual("README.md", p["PackageReadmeFile"]);
        Assert.AreEqual("gpu", MSBuildQuery.Properties("src/RedDino.Cli/RedDino.Cli.csproj", ["OnnxRuntimeBackend"])["OnnxRuntimeBackend"],
            "a plain build keeps the GPU build");
    }

    [TestMethod]
    [DataRow("src/RedDino.Backbone/RedDino.Backbone.csproj")]
    [DataRow("src/RedDino.Pretraining/RedDino.Pretraining.csproj")]
    [DataRow("tests/RedDino.MLNet.Tests/RedDino.MLNet.Tests.csproj")]
    [DataRow("benchmarks/RedDino.Benchmarks/RedDino.Benchmarks.csproj")]
    public void OtherProjectsAreNotPacked(string project) =>
        Assert.AreEqual("false", MSBuildQuery.Properties(project, ["IsPackable"])["IsPackable"]);

    [TestMethod]
    public void CiBuildsAreDeterministicAndMachineIndependent()
    {
        var p = MSBuildQuery.Properties("src/RedDino.MLNet/RedDino.MLNet.csproj", ["ContinuousIntegrationBuild", "Deterministic"], "CI=true");
        Assert.AreEqual("true", p["ContinuousIntegrationBuild"]);
        Assert.AreEqual("true", p["Deterministic"]);
        Assert.AreEqual("", MSBuildQuery.Properties("src/RedDino.MLNet/RedDino.MLNet.csproj", ["ContinuousIntegrationBuild"])["ContinuousIntegrationBuild"]);
    }

    [TestMethod]
    public void ThePublishPatchMarksTheGlibcxxRequirementWeakWhateverTheMachine()
    {
        // The unpatched library as TorchSharp ships it (the NuGet cache's copy is never written).
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var shipped = Directory.EnumerateFiles(Path.Combine(packages, "torchsharp"), "libLibTorchSharp.so", SearchOption.AllDirectories)
            .FirstOrDefault(f => f.Replace('\\', '/').Contains("/runtimes/linux-x64/native/"));
        Assert.IsNotNull(shipped, $"TorchSharp's linux-x64 libLibTorchSharp.so under {packages}/torchsharp (restored with the solution)");
        Assert.IsFalse(Need(shipped).Weak, "as shipped, the requirement is strong");

        var folder = RepoPaths.NewTempFolder();
        try
        {
            var copy = Path.Combine(folder, "publish", "libLibTorchSharp.so");
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(shipped, copy);
            // The publish pass of build/PatchLibTorchSharp.targets, on a publish folder of its own.
            var project = Path.Combine(folder, "publish.proj");
            File.WriteAllText(project, $"""
                <Project>
                  <PropertyGroup><PublishDir>{folder}/publish/</PublishDir></PropertyGroup>
                  <Import Project="{RepoPaths.Root}/build/PatchLibTorchSharp.targets" />
                  <Target Name="Publish" />
                </Project>
                """);
            MSBuildQuery.Run(["msbuild", project, "-nologo", "-t:Publish"], folder);
            Assert.IsTrue(Need(copy).Weak, "the published copy accepts a libstdc++ without GLIBCXX_3.4.32");
            Assert.IsFalse(Need(shipped).Weak, "the NuGet cache's copy is untouched");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static ElfVersionNeed Need(string library) =>
        ElfDynamicInfo.Read(library).VersionNeeds.Single(n => n.Version == "GLIBCXX_3.4.32");
}
