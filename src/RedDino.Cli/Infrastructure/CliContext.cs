namespace RedDino.Cli.Infrastructure;

/// <summary>Where a command writes: results and the final path go to <see cref="Out"/>; messages,
/// warnings and progress go to <see cref="Error"/> (progress bars only when it is a terminal).</summary>
internal sealed record CliContext(TextWriter Out, TextWriter Error, string[] Arguments)
{
    /// <summary>What SIGINT/SIGTERM do while the command runs (see <see cref="Infrastructure.Interrupts"/>).</summary>
    public Interrupts Interrupts { get; init; } = Interrupts.None;

    /// <summary>True when stderr is an interactive terminal, the only case with progress bars.</summary>
    public bool ShowProgress => ReferenceEquals(Error, Console.Error) && !Console.IsErrorRedirected;

    /// <summary>Reads an environment variable (a scheduler's task variables); tests pass their own.</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;
}
