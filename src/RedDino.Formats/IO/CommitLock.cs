using System.Globalization;

namespace RedDino.Formats.IO;

/// <summary>
/// A lock between processes that commit the same files (<see cref="PendingFile.CommitTogether"/>):
/// the file <c>&lt;target&gt;.lock</c>, created exclusively (O_EXCL) with the holder's process id and
/// deleted on release, so it exists only for the moment the renames take. A lock whose holder has died
/// is removed by the next writer. Held for milliseconds, so waiting is a short poll.
/// </summary>
internal sealed class CommitLock : IDisposable
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(2);
    private readonly string _path;

    private CommitLock(string path) => _path = path;

    public static CommitLock Acquire(string target)
    {
        var path = target + ".lock";
        var started = DateTime.UtcNow;
        var vanished = 0;
        while (true)
        {
            try
            {
                using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read))
                using (var writer = new StreamWriter(stream))
                    writer.Write(Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
                return new CommitLock(path);
            }
            catch (IOException)
            {
                // One look at the lock file per failed attempt: two separate checks could both miss a holder
                // that releases between them.
                if (!File.Exists(path))
                {
                    // The holder released it between our attempt and the check: try again at once.
                    if (++vanished >= 1000) throw;
                }
                else if (HolderIsGone(path))
                    TryDelete(path);
                else if (DateTime.UtcNow - started > GiveUpAfter)
                    throw new IOException($"{target}: another process has held {Path.GetFileName(path)} for {GiveUpAfter.TotalMinutes:0} minutes; delete it if no reddino process is writing there");
                else
                    Thread.Sleep(5);
            }
        }
    }

    public void Dispose() => TryDelete(_path);

    // A lock file being written has no pid yet: only a readable pid of a dead process is stale.
    private static bool HolderIsGone(string path)
    {
        try
        {
            var text = File.ReadAllText(path).Trim();
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && !TemporaryFiles.IsRunning(pid);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* the next writer retries */ }
    }
}
