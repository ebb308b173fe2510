using System.CommandLine;
using RedDino.Cli.Infrastructure;
using RedDino.MLNet.Datasets;
using RedDino.Formats.IO;

namespace RedDino.Cli.Commands;

/// <summary>`reddino manifest folders --root DIR --out FILE.csv [--source-regex REGEX]`.</summary>
internal static class ManifestFoldersCommand
{
    public static Command Build(CliContext context)
    {
        var (root, output) = ManifestCommand.RootAndOut("Dataset folder with one sub-folder per class (e.g. DSE)");
        var sourceRegex = new Option<string?>("--source-regex")
        {
            Description = "Regex over each image's path relative to the root; its first group (or whole match) becomes the source",
        };
        var command = new Command("folders", "Manifest of a folder-per-class dataset (label = class folder name)") { root, output, sourceRegex };
        command.SetAction(parse =>
        {
            var outPath = parse.GetValue(output)!;
            OutputPaths.CheckFile(outPath, "--out");
            var options = new FolderManifestOptions { SourceRegex = parse.GetValue(sourceRegex), PathsRelativeTo = ManifestCommand.OutFolder(outPath) };
            return ManifestCommand.Finish(context, FolderManifestBuilder.Build(parse.GetValue(root)!, options), outPath);
        });
        return command;
    }
}
