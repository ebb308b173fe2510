using System.Diagnostics;
using RedDino.Formats.IO;
using RedDino.Tests.Shared;

namespace RedDino.Formats.Tests.IO;

[TestClass]
public sealed class PendingFileTests
{
    /// <summary>The id of a process that has exited (a real one, so no running process has it for now).</summary>
    private static int DeadProcessId()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }

    [TestMethod]
    public void TemporaryNamesCarryTheProcessIdAndLeftoversOfDeadProcessesAreDeleted()
    {
        var folder = RepoPaths.NewTempFolder();
        var target = Path.Combine(folder, "emb.csv");
        var dead = Path.Combine(folder, $"emb.csv.{DeadProcessId()}-0123456789ab.partial");
        var ours = Path.Combine(folder, $"emb.csv.{Environment.ProcessId}-0123456789ab.partial");
        var other = Path.Combine(folder, $"other.csv.{DeadProcessId()}-0123456789ab.partial");
        foreach (var leftover in new[] { dead, ours, other }) File.WriteAllText(leftover, "half");

        using (var pending = PendingFile.Start(target))
        {
            StringAssert.StartsWith(Path.GetFileName(pending.TempPath), $"emb.csv.{Environment.ProcessId}-");
            Assert.IsFalse(File.Exists(dead), "a dead writer's temporary file of the same target is removed");
            Assert.IsTrue(File.Exists(ours), "a running process's temporary file stays");
            Assert.IsTrue(File.Exists(other), "other targets' files are not touched");
        }
    }

    [TestMethod]
    public void AFolderWhereTheFileShouldBeIsRefusedBeforeAnythingIsWritten()
    {
        var folder = RepoPaths.NewTempFolder();
        var target = Path.Combine(folder, "model.onnx");
        Directory.CreateDirectory(target);
        var error = Assert.ThrowsExactly<OutputPathException>(() => AtomicFile.WriteAllBytes(target, new byte[1000]));
        StringAssert.Contains(error.Message, "is a folder");
        Assert.IsEmpty(Directory.GetFiles(folder), "no temporary file left beside it");

        var underFile = Path.Combine(folder, "plain", "x.csv");
        File.WriteAllText(Path.Combine(folder, "plain"), "");
        error = Assert.ThrowsExactly<OutputPathException>(() => AtomicFile.WriteAllText(underFile, "x"));
        StringAssert.Contains(error.Message, "is a file, not a folder");
    }

    [TestMethod]
    public void FilesCommittedTogetherAlwaysComeFromOneWriter()
    {
        var folder = RepoPaths.NewTempFolder();
        var data = Path.Combine(folder, "e.csv");
        var sidecar = data + ".json";
        void Writer(string name)
        {
            for (var i = 0; i < 200; i++)
            {
                using var first = PendingFile.Start(data);
                using var second = PendingFile.Start(sidecar);
                File.WriteAllText(first.TempPath, $"{name}{i}");
                File.WriteAllText(second.TempPath, $"{name}{i}");
                PendingFile.CommitTogether(first, second);
                // Under the lock no other writer is between its two renames: the pair read here is whole.
                using (CommitLock.Acquire(data))
                    Assert.AreEqual(File.ReadAllText(data), File.ReadAllText(sidecar));
            }
        }
        Parallel.Invoke(() => Writer("a"), () => Writer("b"), () => Writer("c"));
        Assert.AreEqual(File.ReadAllText(data), File.ReadAllText(sidecar));
        CollectionAssert.AreEquivalent(new[] { data, sidecar }, Directory.GetFiles(folder), "no lock or temporary file left");
    }

    [TestMethod]
    public void ALockLeftByADeadProcessIsBroken()
    {
        var folder = RepoPaths.NewTempFolder();
        var target = Path.Combine(folder, "e.csv");
        File.WriteAllText(target + ".lock", DeadProcessId().ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var pending = PendingFile.Start(target);
        File.WriteAllText(pending.TempPath, "x");
        PendingFile.CommitTogether(pending);
        Assert.AreEqual("x", File.ReadAllText(target));
        Assert.IsFalse(File.Exists(target + ".lock"));
    }

    [TestMethod]
    [DoNotParallelize] // it deletes every temporary file this process has open: no other test may be writing
    public void AnInterruptedCommandDeletesTheTemporaryFilesOfItsUnfinishedOutputs()
    {
        var folder = RepoPaths.NewTempFolder();
        using var pending = PendingFile.Start(Path.Combine(folder, "big.onnx"));
        File.WriteAllText(pending.TempPath, "half a model");
        TemporaryFiles.DeleteAllTracked(); // what a SIGINT/SIGTERM does before the process ends
        Assert.IsEmpty(Directory.GetFiles(folder));
    }
}
