using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace RedDino.Cli.Tests;

/// <summary>The CLI as a real child process (`dotnet reddino.dll ...`, the build beside the tests), for
/// what only a process can show: signals, and several processes writing the same output.</summary>
internal sealed class CliProcess : IDisposable
{
    public const int SigInt = 2;
    public const int SigTerm = 15;

    private readonly Process _process;
    private readonly StringBuilder _out = new();
    private readonly StringBuilder _error = new();
    private readonly List<string> _errorLines = [];

    private CliProcess(Process process) => _process = process;

    public static CliProcess Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "reddino.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        var process = new Process { StartInfo = start };
        var cli = new CliProcess(process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (cli._out) cli._out.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (cli._error)
            {
                cli._error.AppendLine(e.Data);
                cli._errorLines.Add(e.Data);
                Monitor.PulseAll(cli._error);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return cli;
    }

    /// <summary>Waits until stderr has a line that <paramref name="match"/> accepts.</summary>
    public void WaitForErrorLine(Func<string, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        lock (_error)
            while (!_errorLines.Any(match))
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || _process.HasExited && !Monitor.Wait(_error, 200))
                    Assert.Fail($"no such line on stderr within {timeout.TotalSeconds} s:\n{_error}");
                Monitor.Wait(_error, left > TimeSpan.FromMilliseconds(200) ? TimeSpan.FromMilliseconds(200) : left);
            }
    }

    /// <summary>Sends a POSIX signal (SIGINT, SIGTERM) to the process.</summary>
    public void Signal(int signal)
    {
        if (Kill(_process.Id, signal) != 0)
            Assert.Fail($"kill({_process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>Waits for the exit; the exit code and everything printed.</summary>
    public CliRun Wait(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
            Assert.Fail($"the CLI did not exit within {timeout.TotalSeconds} s:\n{_error}");
        _process.WaitForExit(); // drains the redirected streams
        lock (_out) lock (_error)
            return new CliRun(_process.ExitCode, _out.ToString(), _error.ToString());
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
