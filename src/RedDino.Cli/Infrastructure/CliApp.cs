using System.CommandLine;

namespace RedDino.Cli.Infrastructure;

/// <summary>Builds the command tree and maps failures to the contract's exit codes.</summary>
internal static class CliApp
{
    /// <summary>Every sub-command, in the order `reddino --help` lists them.</summary>
    internal static IReadOnlyList<ICliCommand> Commands { get; } =
    [
        new Commands.BenchCommand(),
        new Commands.ExportCommand(),
        new Commands.EmbedCommand(),
        new Commands.ManifestCommand(),
        new Commands.EvalCommand(),
        new Commands.MapCommand(),
        new Commands.VisualizeCommand(),
        new Commands.PredictCommand(),
        new Commands.PretrainCommand(),
    ];

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var context = new CliContext(stdout, stderr, args);
        var root = new RootCommand("reddino: RedDino red-blood-cell embeddings, evaluation and pretraining for .NET");
        foreach (var command in Commands)
            root.Subcommands.Add(command.Build(context));

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
                stderr.WriteLine($"error: {error.Message}");
            stderr.WriteLine("Run 'reddino --help' (or 'reddino <command> --help') for usage.");
            return ExitCodes.Usage;
        }

        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (BadInput.IsBadInput(e))
        {
            stderr.WriteLine($"error: {BadInput.Describe(e)}");
            return ExitCodes.BadInput;
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            stderr.WriteLine($"error: internal error ({BadInput.DescribeFault(e)}): a fault of reddino, not of its input; please report it " +
                             "(REDDINO_DEBUG=1 prints the stack trace)");
            if (Environment.GetEnvironmentVariable("REDDINO_DEBUG") == "1") stderr.WriteLine(e);
            return ExitCodes.InternalError;
        }
    }
}
