using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace RedDino.Formats.IO;

/// <summary>
/// Names and bookkeeping of the temporary files and folders a process writes beside its outputs:
/// <c>&lt;name&gt;.&lt;process id&gt;-&lt;random&gt;&lt;suffix&gt;</c>, unique per writer. A process that dies
/// before cleaning up (killed, power loss) leaves its temporaries behind; the next writer of the same
/// target deletes those whose process is gone (<see cref="DeleteStale"/>). While a process runs, its
/// temporaries are registered (<see cref="Track"/>) so that an interrupted command can delete them
/// before it exits (<see cref="DeleteAllTracked"/>).
/// </summary>
public static class TemporaryFiles
{
    private static readonly ConcurrentDictionary<string, byte> Tracked = new(StringComparer.Ordinal);

    /// <summary>A unique name for a temporary of <paramref name="name"/>: "name.PID-RANDOM" + suffix.</summary>
    public static string UniqueName(string name, string suffix) =>
        string.Create(CultureInfo.InvariantCulture, $"{name}.{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..12]}{suffix}");

    /// <summary>Deletes the temporaries of <paramref name="name"/> in <paramref name="folder"/> (files or
    /// folders named by <see cref="UniqueName"/> with <paramref name="suffix"/>) whose process is no longer
    /// running. Best effort: an entry that cannot be deleted stays.</summary>
    public static void DeleteStale(string folder, string name, string suffix)
    {
        if (!Directory.Exists(folder)) return;
        IEnumerable<string> entries;
        try
        {
            entries = Directory.EnumerateFileSystemEntries(folder, $"{name}.*{suffix}").ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }
        foreach (var entry in entries)
        {
            var middle = Path.GetFileName(entry)[(name.Length + 1)..^suffix.Length]; // "PID-RANDOM"
            var dash = middle.IndexOf('-');
            if (dash <= 0 || !int.TryParse(middle[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || IsRunning(pid))
                continue;
            try
            {
                if (Directory.Exists(entry)) Directory.Delete(entry, recursive: true);
                else File.Delete(entry);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another writer may be cleaning up the same leftover; it is not ours to insist on.
            }
        }
    }

    /// <summary>Registers a temporary file or folder of this process until the returned handle is disposed.</summary>
    public static IDisposable Track(string path)
    {
        Tracked[path] = 0;
        return new Registration(path);
    }

    /// <summary>Deletes every registered temporary that still exists (an interrupted command calls this
    /// before it exits; the writers' own cleanup does not run then).</summary>
    public static void DeleteAllTracked()
    {
        foreach (var path in Tracked.Keys)
        {
            try
            {
                if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
                else if (File.Exists(path)) File.Delete(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Best effort: the next writer of the same target deletes it (DeleteStale).
            }
            Tracked.TryRemove(path, out _);
        }
    }

    /// <summary>True when a process with this id is running (this one included).</summary>
    public static bool IsRunning(int pid)
    {
        if (pid == Environment.ProcessId) return true;
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    private sealed class Registration(string path) : IDisposable
    {
        public void Dispose() => Tracked.TryRemove(path, out _);
    }
}
