using RedDino.Formats.IO;
using RedDino.Tests.Shared;

namespace RedDino.Formats.Tests.IO;

[TestClass]
public sealed class AtomicFileTests
{
    [TestMethod]
    public void AFailedWriteKeepsThePreviousFileAndLeavesNoTemporaryFile()
    {
        var folder = RepoPaths.NewTempFolder();
        try
        {
            var path = Path.Combine(folder, "sub", "a.txt");
            AtomicFile.WriteAllText(path, "first");
            Assert.ThrowsExactly<InvalidOperationException>(() => AtomicFile.WriteText(path, writer =>
            {
                writer.Write("half of the second");
                writer.Flush();
                throw new InvalidOperationException("disk full");
            }));
            Assert.AreEqual("first", File.ReadAllText(path));
            Assert.IsEmpty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.partial"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void TwoPendingWritersOfOneTargetUseTheirOwnTemporaryFiles()
    {
        var folder = RepoPaths.NewTempFolder();
        try
        {
            var path = Path.Combine(folder, "m.csv");
            using var first = PendingFile.Start(path);
            using var second = PendingFile.Start(path);
            Assert.AreNotEqual(first.TempPath, second.TempPath);
            File.WriteAllText(first.TempPath, "one");
            File.WriteAllText(second.TempPath, "two");
            second.Commit();
            first.Commit();
            Assert.AreEqual("one", File.ReadAllText(path), "the last commit wins, whole");
            Assert.IsEmpty(Directory.GetFiles(folder, "*.partial"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void TextIsUtf8WithoutByteOrderMark()
    {
        var folder = RepoPaths.NewTempFolder();
        try
        {
            var path = Path.Combine(folder, "t.txt");
            AtomicFile.WriteAllText(path, "é");
            CollectionAssert.AreEqual(new byte[] { 0xC3, 0xA9 }, File.ReadAllBytes(path));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
