using RedDino.MLNet.Embeddings;
using RedDino.MLNet.Tests.Datasets;
using RedDino.Tests.Shared;
using RedDino.Formats.Manifests;

namespace RedDino.Cli.Tests.Commands;

[TestClass]
public sealed class ManifestCommandTests
{
    [TestMethod]
    public void ChulaWritesTheManifestAndPrintsItsPath()
    {
        var root = ReplicaTrees.Chula((1, "5 6 1\n20 15 0\n"), (2, "8 8 2\n"));
        var output = Path.Combine(RepoPaths.NewTempFolder(), "sub", "chula.csv");
        var run = CliRun.Of("manifest", "chula", "--root", root, "--out", output, "--crop-size", "10", "--classes", "0,1");

        Assert.AreEqual(0, run.ExitCode, run.ToString());
        Assert.AreEqual(Path.GetFullPath(output), run.LastLine);
        StringAssert.Contains(run.Error, "2 rows, 2 classes");
        var manifest = Manifest.Read(output);
        Assert.HasCount(2, manifest.Rows);
        Assert.AreEqual(new CropBox(0, 1, 10, 10), manifest.Rows[0].Crop);
        Assert.IsTrue(File.Exists(manifest.Rows[0].ResolvePath(manifest.BaseFolder())), "relative paths resolve against the manifest's folder");
    }

    [TestMethod]
    public void ElsaftyWithoutSourcesWarnsOnStderr()
    {
        var root = ReplicaTrees.Folders(new Dictionary<string, string[]> { ["Burr"] = ["Slide (3) a.png", "Slide (4) b.png"] });
        var output = Path.Combine(RepoPaths.NewTempFolder(), "elsafty.csv");
        var run = CliRun.Of("manifest", "elsafty", "--root", root, "--out", output);
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        StringAssert.Contains(run.Error, "warning: no --sources file: every slide is its own source (2 sources)");
    }

    [TestMethod]
    public void FoldersWithRegexThatMissesIsExitCode1NamingTheFile()
    {
        var root = ReplicaTrees.Folders(new Dictionary<string, string[]> { ["a"] = ["p1_x.png", "q.png"] });
        var run = CliRun.Of("manifest", "folders", "--root", root, "--out", Path.Combine(RepoPaths.NewTempFolder(), "m.csv"), "--source-regex", @"p(\d)_");
        Assert.AreEqual(1, run.ExitCode, run.ToString());
        StringAssert.Contains(run.Error, "a/q.png");
    }

    [TestMethod]
    public void ValidateReportsAndExitsWith1ForAClassSmallerThanTheFolds()
    {
        var folder = RepoPaths.NewTempFolder();
        for (var i = 0; i < 3; i++) ReplicaTrees.WritePng(Path.Combine(folder, $"{i}.png"));
        var manifest = Path.Combine(folder, "m.csv");
        File.WriteAllText(manifest, "path,label\n0.png,a\n1.png,a\n2.png,b\ngone.png,a\n");

        var run = CliRun.Of("manifest", "validate", manifest, "--folds", "2");
        Assert.AreEqual(1, run.ExitCode, run.ToString());
        StringAssert.Contains(run.Out, "class 'b' has 1 row(s), fewer than the 2 folds");
        StringAssert.Contains(run.Out, "row 4: file not found");

        File.WriteAllText(manifest, "path,label,crop_x,crop_y,crop_w,crop_h\n0.png,a,,,,\n1.png,a,,,,\n2.png,b,,,,\n0.png,b,0,0,4,4\n");
        var ok = CliRun.Of("manifest", "validate", manifest, "--folds", "2");
        Assert.AreEqual(0, ok.ExitCode, ok.ToString());
    }

    [TestMethod]
    public void ShapesWritesTheSameLabelledPngsForTheSameSeed()
    {
        var folder = RepoPaths.NewTempFolder();
        try
        {
            var output = Path.Combine(folder, "a", "manifest.csv");
            var run = CliRun.Of("manifest", "shapes", "--out", output, "--count", "15", "--seed", "4", "--size", "24");
            Assert.AreEqual(0, run.ExitCode, run.ToString());
            Assert.AreEqual(Path.GetFullPath(output), run.LastLine);
            StringAssert.Contains(run.Error, "15 rows, 5 classes");
            var manifest = Manifest.Read(output);
            Assert.IsTrue(manifest.Rows.All(r => File.Exists(r.ResolvePath(manifest.BaseFolder()))), "every PNG is written beside the manifest");

            var again = Path.Combine(folder, "b", "manifest.csv");
            Assert.AreEqual(0, CliRun.Of("manifest", "shapes", "--out", again, "--count", "15", "--seed", "4", "--size", "24").ExitCode);
            Assert.AreEqual(File.ReadAllText(output), File.ReadAllText(again));
            var other = Manifest.Read(again);
            for (var i = 0; i < 15; i++)
                CollectionAssert.AreEqual(File.ReadAllBytes(manifest.Rows[i].ResolvePath(manifest.BaseFolder())),
                    File.ReadAllBytes(other.Rows[i].ResolvePath(other.BaseFolder())), $"row {i + 1}");

            var bad = CliRun.Of("manifest", "shapes", "--out", Path.Combine(folder, "c.csv"), "--count", "0");
            Assert.AreEqual(1, bad.ExitCode, bad.ToString());
            StringAssert.Contains(bad.Error, "--count");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void UsageErrorsAreExitCode2()
    {
        Assert.AreEqual(2, CliRun.Of("manifest", "chula", "--out", "x.csv").ExitCode, "--root is required");
        Assert.AreEqual(2, CliRun.Of("manifest", "chula", "--root", ".", "--out", "x.csv", "--crop-size", "0").ExitCode);
        Assert.AreEqual(2, CliRun.Of("manifest", "validate", "x.csv", "--folds", "1").ExitCode);
    }
}
