using RedDino.Formats.IO;
using RedDino.Tests.Shared;

namespace RedDino.Formats.Tests.IO;

[TestClass]
public sealed class OutputPathsTests
{
    [TestMethod]
    public void EachKindOfUnusableOutputIsNamedAndNothingIsCreated()
    {
        var folder = RepoPaths.NewTempFolder();
        var file = Path.Combine(folder, "results.json");
        File.WriteAllText(file, "{}");

        StringAssert.Contains(Assert.ThrowsExactly<OutputPathException>(() => OutputPaths.CheckFolder(file, "--out")).Message,
            $"--out {file}: is a file; give a folder");
        StringAssert.Contains(Assert.ThrowsExactly<OutputPathException>(() => OutputPaths.CheckFile(folder, "--out")).Message,
            $"--out {folder}: is a folder; give a file path");
        StringAssert.Contains(Assert.ThrowsExactly<OutputPathException>(() => OutputPaths.CheckFile(Path.Combine(file, "a", "b.csv"), "--out")).Message,
            $"{file} is a file, not a folder");
        // /proc takes no new files, not even from root (the tests may run as root, where permissions do not bite).
        StringAssert.Contains(Assert.ThrowsExactly<OutputPathException>(() => OutputPaths.CheckFolder("/proc/reddino-out/x", "--out")).Message,
            "--out /proc/reddino-out/x: cannot write in /proc");

        OutputPaths.CheckFolder(Path.Combine(folder, "new", "deeper"), "--out");
        OutputPaths.CheckFile(Path.Combine(folder, "new.csv"), "--out");
        OutputPaths.CheckFile(file, "--out");
        CollectionAssert.AreEqual(new[] { file }, Directory.GetFileSystemEntries(folder), "the checks create nothing and leave no probe");
    }
}
