using RedDino.MLNet.Embeddings;
using RedDino.MLNet.Datasets;
using RedDino.Tests.Shared;
using RedDino.Formats.Manifests;

namespace RedDino.MLNet.Tests.Datasets;

/// <summary>The sample committed under data-manifests/chula-sample (the default bench dataset).</summary>
[TestClass]
public sealed class BundledSampleTests
{
    private static string SampleFolder => Path.Combine(RepoPaths.Root, "data-manifests", "chula-sample");

    [TestMethod]
    public void SampleIsAValidFiveFoldManifestOfTwelveClasses()
    {
        var report = ManifestValidator.Validate(Path.Combine(SampleFolder, "manifest.csv"), folds: 5);
        Assert.IsTrue(report.IsValid, report.ToText());
        Assert.AreEqual(408, report.Rows);
        Assert.HasCount(12, report.ClassCounts);
        Assert.IsFalse(report.ClassCounts.ContainsKey("Elliptocyte"));
    }

    [TestMethod]
    public void SampleComesOnlyFromTheListedSmears601To706AndStaysSmall()
    {
        var manifest = Manifest.Read(Path.Combine(SampleFolder, "manifest.csv"));
        var listed = File.ReadAllLines(Path.Combine(SampleFolder, "smears.txt")).Select(int.Parse).ToHashSet();
        var used = manifest.Rows.Select(r => int.Parse(r.Extra!["image"])).ToHashSet();
        Assert.IsTrue(listed.SetEquals(used), "smears.txt lists exactly the smears the crops come from");
        Assert.IsTrue(used.All(n => n is >= 601 and <= 706));
        var bytes = Directory.EnumerateFiles(SampleFolder, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        Assert.IsLessThan(5L * 1024 * 1024, bytes, $"the sample is {bytes} bytes");
        Assert.IsTrue(File.ReadAllText(Path.Combine(SampleFolder, "LICENSE")).Contains("MIT License"));
    }
}
