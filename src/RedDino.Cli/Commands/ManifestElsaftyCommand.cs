using System.CommandLine;
using RedDino.Cli.Infrastructure;
using RedDino.MLNet.Datasets;
using RedDino.Formats.IO;

namespace RedDino.Cli.Commands;

/// <summary>`reddino manifest elsafty --root DIR --out FILE.csv [--sources SLIDES.csv]`.</summary>
internal static class ManifestElsaftyCommand
{
    public static Command Build(CliContext context)
    {
        var (root, output) = ManifestCommand.RootAndOut("Elsafty folder: one sub-folder per class, 'Slide (N)' in every file name");
        var sources = new Option<string?>("--sources") { Description = "CSV with columns slide,source giving each slide's acquisition group (default: every slide is its own source)" };
        var command = new Command("elsafty", "Manifest of the Elsafty dataset (source = acquisition group of the slide)") { root, output, sources };
        command.SetAction(parse =>
        {
            var outPath = parse.GetValue(output)!;
            OutputPaths.CheckFile(outPath, "--out");
            var result = ElsaftyManifestBuilder.Build(parse.GetValue(root)!, parse.GetValue(sources), ManifestCommand.OutFolder(outPath));
            return ManifestCommand.Finish(context, result, outPath);
        });
        return command;
    }
}
