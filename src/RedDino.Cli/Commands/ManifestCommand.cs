using System.CommandLine;
using RedDino.Cli.Infrastructure;
using RedDino.MLNet.Datasets;

namespace RedDino.Cli.Commands;

/// <summary>`reddino manifest chula|folders|elsafty|shapes|validate`: builds dataset manifests from the
/// published layouts and checks them (builders: RedDino.MLNet.Datasets).</summary>
internal sealed class ManifestCommand : ICliCommand
{
    public Command Build(CliContext context)
    {
        var command = new Command("manifest", "Build a dataset manifest (chula, folders, elsafty, shapes) or validate one");
        command.Subcommands.Add(ManifestChulaCommand.Build(context));
        command.Subcommands.Add(ManifestFoldersCommand.Build(context));
        command.Subcommands.Add(ManifestElsaftyCommand.Build(context));
        command.Subcommands.Add(ManifestShapesCommand.Build(context));
        command.Subcommands.Add(ManifestValidateCommand.Build(context));
        return command;
    }

    /// <summary>The --root and --out options every builder has.</summary>
    internal static (Option<string> Root, Option<string> Out) RootAndOut(string rootHelp) =>
        (new Option<string>("--root") { Description = rootHelp, Required = true },
         new Option<string>("--out") { Description = "Manifest CSV to write (paths in it are relative to its folder)", Required = true });

    /// <summary>Writes the manifest, prints the builder's warnings and a summary to stderr, and the
    /// manifest's path as the last stdout line.</summary>
    internal static int Finish(CliContext context, ManifestBuildResult result, string outPath)
    {
        foreach (var warning in result.Warnings) context.Error.WriteLine($"warning: {warning}");
        result.Manifest.Write(outPath);
        var rows = result.Manifest.Rows;
        var classes = rows.Select(r => r.Label).Distinct().Count();
        var sources = rows.Select(r => r.Source).Where(s => s is not null).Distinct().Count();
        context.Error.WriteLine($"{rows.Count} rows, {classes} classes{(sources > 0 ? $", {sources} sources" : "")}");
        context.Out.WriteLine(Path.GetFullPath(outPath));
        return ExitCodes.Success;
    }

    internal static string OutFolder(string outPath) => Path.GetDirectoryName(Path.GetFullPath(outPath))!;
}
