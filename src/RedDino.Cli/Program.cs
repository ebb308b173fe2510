using RedDino.Cli.Infrastructure;

namespace RedDino.Cli;

internal static class Program
{
    private static int Main(string[] args) => CliApp.Run(args, Console.Out, Console.Error);
}
