using System.CommandLine;

namespace RedDino.Cli.Infrastructure;

/// <summary>One `reddino` sub-command. Implementations live in Commands/, one file each, and are
/// listed in <see cref="CliApp.Commands"/>.</summary>
internal interface ICliCommand
{
    /// <summary>Builds the System.CommandLine definition; its action returns an exit code.</summary>
    Command Build(CliContext context);
}
