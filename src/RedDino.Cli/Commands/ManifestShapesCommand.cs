using System.CommandLine;
using RedDino.Cli.Infrastructure;
using RedDino.MLNet.Datasets;
using RedDino.Pretraining.Data.Sources;

namespace RedDino.Cli.Commands;

/// <summary>`reddino manifest shapes --out DIR/manifest.csv [--count N] [--seed S] [--size PX]`: a
/// labelled set of synthetic shapes (the known-positive check of pretraining), PNGs in DIR/images.</summary>
internal static class ManifestShapesCommand
{
    public static Command Build(CliContext context)
    {
        var output = new Option<string>("--out") { Description = "Manifest CSV to write; the PNGs go to images/ beside it", Required = true };
        var count = new Option<int>("--count") { Description = "Number of images", DefaultValueFactory = _ => 1000 };
        var seed = new Option<long>("--seed") { Description = "Seed of the set (use another than the pretraining data.synthetic_seed)", DefaultValueFactory = _ => 1 };
        var size = new Option<int>("--size") { Description = "Image side in pixels", DefaultValueFactory = _ => 64 };
        var command = new Command("shapes",
            "Labelled synthetic shapes (circle, triangle, square, star, cross; random colours, position, size, rotation) as PNGs and a manifest")
            { output, count, seed, size };
        command.SetAction(parse =>
        {
            var outPath = parse.GetValue(output)!;
            var (n, px) = (parse.GetValue(count), parse.GetValue(size));
            if (n < 1) throw new InvalidDataException($"--count must be positive, got {n}");
            if (px < 8) throw new InvalidDataException($"--size must be at least 8 pixels, got {px}");
            var manifest = SyntheticShapeSet.Write(ManifestCommand.OutFolder(outPath), n, parse.GetValue(seed), px);
            return ManifestCommand.Finish(context, new ManifestBuildResult(manifest, []), outPath);
        });
        return command;
    }
}
