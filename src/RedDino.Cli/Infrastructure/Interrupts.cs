using System.Runtime.InteropServices;
using RedDino.Formats.IO;

namespace RedDino.Cli.Infrastructure;

/// <summary>
/// SIGINT (Ctrl+C), SIGTERM and SIGHUP while a command runs. By default a signal deletes the temporary
/// files of outputs not yet complete (<see cref="TemporaryFiles"/>) and then ends the process as usual,
/// so an interrupted command leaves its earlier outputs as they were and no <c>*.partial</c> files. A
/// command that can stop cleanly (pretrain) asks for a stop token with <see cref="StopOnFirstSignal"/>:
/// the first SIGINT or SIGTERM cancels it instead (the command finishes its step, saves and exits with
/// <see cref="ExitCode"/>), and a second one ends the process at once.
/// </summary>
internal sealed class Interrupts : IDisposable
{
    private readonly TextWriter _error;
    private readonly List<PosixSignalRegistration> _registrations = [];
    private CancellationTokenSource? _stop;
    private string? _stopMessage;

    private Interrupts(TextWriter error) => _error = error;

    /// <summary>For contexts that run no command (and in-process callers that handle no signal).</summary>
    public static Interrupts None { get; } = new(TextWriter.Null);

    /// <summary>Starts handling the signals until disposed.</summary>
    public static Interrupts Install(TextWriter error)
    {
        var interrupts = new Interrupts(error);
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP })
            interrupts._registrations.Add(PosixSignalRegistration.Create(signal, interrupts.Handle));
        return interrupts;
    }

    /// <summary>The signal that requested the stop, or null.</summary>
    public PosixSignal? Signal { get; private set; }

    /// <summary>The shell's code for a process ended by <see cref="Signal"/>: 128 + its number (130 for
    /// SIGINT, 143 for SIGTERM).</summary>
    public int ExitCode => 128 + Signal switch
    {
        PosixSignal.SIGINT => 2,
        PosixSignal.SIGTERM => 15,
        PosixSignal.SIGHUP => 1,
        _ => 0,
    };

    /// <summary>A token the first SIGINT or SIGTERM cancels (printing <paramref name="message"/>) instead of
    /// ending the process.</summary>
    public CancellationToken StopOnFirstSignal(string message)
    {
        if (ReferenceEquals(this, None)) return CancellationToken.None;
        _stopMessage = message;
        _stop = new CancellationTokenSource();
        return _stop.Token;
    }

    private void Handle(PosixSignalContext context)
    {
        if (_stop is { IsCancellationRequested: false } stop && context.Signal is PosixSignal.SIGINT or PosixSignal.SIGTERM)
        {
            context.Cancel = true;
            Signal = context.Signal;
            _error.WriteLine(_stopMessage);
            stop.Cancel();
            return;
        }
        TemporaryFiles.DeleteAllTracked(); // the process ends now: writers' own cleanup will not run
    }

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _stop?.Dispose();
    }
}
