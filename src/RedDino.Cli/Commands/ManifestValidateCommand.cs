using System.CommandLine;
using RedDino.Cli.Infrastructure;
using RedDino.MLNet.Datasets;

namespace RedDino.Cli.Commands;

/// <summary>`reddino manifest validate FILE.csv [--folds 5] [--data-root DIR]`: prints a report;
/// exit code 1 when any error is found.</summary>
internal static class ManifestValidateCommand
{
    public static Command Build(CliContext context)
    {
        var file = new Argument<string>("manifest") { Description = "Manifest CSV to check" };
        var folds = new Option<int>("--folds") { Description = "Fold count of the intended k-fold protocol (every class needs that many rows)", DefaultValueFactory = _ => 5 };
        var dataRoot = new Option<string?>("--data-root") { Description = "Folder relative paths resolve against (default: the manifest's folder)" };
        var maxPixels = MaxImagePixelsOption.Create();
        var command = new Command("validate", "Check a manifest: missing files, unreadable or too large images, duplicates, empty labels, small classes, bad crop boxes") { file, folds, dataRoot, maxPixels };
        command.SetAction(parse =>
        {
            if (parse.GetValue(folds) < 2) throw new UsageException($"--folds must be at least 2, got {parse.GetValue(folds)}");
            var report = ManifestValidator.Validate(parse.GetValue(file)!, parse.GetValue(folds), parse.GetValue(dataRoot), MaxImagePixelsOption.Value(parse, maxPixels));
            context.Out.Write(report.ToText());
            return report.IsValid ? ExitCodes.Success : ExitCodes.BadInput;
        });
        return command;
    }
}
