using System.CommandLine;
using System.Globalization;
using RedDino.Cli.Infrastructure;
using RedDino.MLNet.Datasets;
using RedDino.Formats.IO;

namespace RedDino.Cli.Commands;

/// <summary>`reddino manifest chula --root DIR --out FILE.csv [--crop-size 80] [--classes 0,1,...] [--write-crops DIR]`.</summary>
internal static class ManifestChulaCommand
{
    public static Command Build(CliContext context)
    {
        var (root, output) = ManifestCommand.RootAndOut("Chula RBC-12 folder (Dataset/*.jpg, Label/*.txt, README.md)");
        var cropSize = new Option<int>("--crop-size") { Description = "Side of the square crop centred on each cell, in pixels", DefaultValueFactory = _ => DatasetDefaults.ChulaCropSize };
        var classes = new Option<string?>("--classes") { Description = "Comma-separated class numbers to keep, e.g. 0,1,2,3,4,5,6,7,8,9,10,11 (default: all)" };
        var writeCrops = new Option<string?>("--write-crops") { Description = "Also write each crop as a PNG into this folder; the manifest then points at the crops" };
        var command = new Command("chula", "Manifest of Chula RBC-12: one row per labelled cell, rows by smear number then label-file line") { root, output, cropSize, classes, writeCrops };
        command.SetAction(parse =>
        {
            var outPath = parse.GetValue(output)!;
            OutputPaths.CheckFile(outPath, "--out");
            if (parse.GetValue(writeCrops) is { } crops) OutputPaths.CheckFolder(crops, "--write-crops");
            var options = new ChulaManifestOptions
            {
                CropSize = parse.GetValue(cropSize),
                Classes = ParseClasses(parse.GetValue(classes)),
                WriteCropsTo = parse.GetValue(writeCrops),
                PathsRelativeTo = ManifestCommand.OutFolder(outPath),
            };
            if (options.CropSize < 1) throw new UsageException($"--crop-size must be at least 1, got {options.CropSize}");
            return ManifestCommand.Finish(context, ChulaManifestBuilder.Build(parse.GetValue(root)!, options), outPath);
        });
        return command;
    }

    private static int[]? ParseClasses(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        return text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(part => int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
                : throw new UsageException($"--classes: '{part}' is not a class number (expected e.g. 0,1,2)"))
            .ToArray();
    }
}
