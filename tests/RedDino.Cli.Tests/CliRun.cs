using RedDino.Cli.Infrastructure;

namespace RedDino.Cli.Tests;

/// <summary>Runs the CLI in-process and captures what it prints.</summary>
internal sealed record CliRun(int ExitCode, string Out, string Error)
{
    public static CliRun Of(params string[] args) => Run(args, null);

    /// <summary>Runs with exactly these environment variables (none of the test process's), as a scheduler's task would.</summary>
    public static CliRun WithEnvironment(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        Run(args, name => environment.TryGetValue(name, out var value) ? value : null);

    private static CliRun Run(string[] args, Func<string, string?>? environment)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = CliApp.Run(args, stdout, stderr, environment);
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The last non-empty stdout line (the contract's "results path" line).</summary>
    public string LastLine => Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Out}\nstderr:\n{Error}";
}
