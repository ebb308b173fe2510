using System.CommandLine;
using RedDino.Formats.Builtin;
using RedDino.Backbone.Export;
using RedDino.Backbone.Import;
using RedDino.Backbone.Vit;
using RedDino.Cli.Infrastructure;

namespace RedDino.Cli.Commands;

/// <summary>
/// `reddino export (--checkpoint FILE [--arch auto|vits14|vitb14|vitl14] [--image-size S] | --builtin NAME) --out FILE.onnx`:
/// writes a contract ONNX backbone. Exactly one source option; each source is one method below.
/// </summary>
internal sealed class ExportCommand : ICliCommand
{
    public Command Build(CliContext context)
    {
        var checkpoint = new Option<string?>("--checkpoint") { Description = "DINOv2/RedDino checkpoint: timm .safetensors, DINOv2 training or hub .pth, flat state dict" };
        var arch = new Option<string>("--arch") { Description = "Architecture (auto = from tensor shapes)", DefaultValueFactory = _ => ImportOptions.AutoArch };
        arch.AcceptOnlyFromAmong([ImportOptions.AutoArch, .. VitSettings.PublishedNames]);
        var imageSize = new Option<int>("--image-size") { Description = "Input size S of the ONNX model (a multiple of the patch size, 14)", DefaultValueFactory = _ => new ImportOptions().ImageSize };
        var builtin = new Option<string?>("--builtin") { Description = $"A backbone shipped with the tool: {string.Join(", ", BuiltinBackbones.Names)}" };
        var output = new Option<string>("--out") { Description = "ONNX file to write", Required = true };
        var command = new Command("export", "Write an ONNX backbone (pixel_values -> embedding, with reddino.* preprocessing metadata)")
        {
            checkpoint, arch, imageSize, builtin, output,
        };
        command.SetAction(parse =>
        {
            var outPath = parse.GetValue(output)!;
            var checkpointPath = parse.GetValue(checkpoint);
            var builtinName = parse.GetValue(builtin);
            if ((checkpointPath is null) == (builtinName is null))
                throw new UsageException("give exactly one of --checkpoint FILE or --builtin NAME");
            if (builtinName is not null && (parse.GetResult(arch) is { Implicit: false } || parse.GetResult(imageSize) is { Implicit: false }))
                throw new UsageException("--arch and --image-size apply to --checkpoint only");

            var summary = checkpointPath is not null
                ? ExportCheckpoint(checkpointPath, parse.GetValue(arch)!, parse.GetValue(imageSize), outPath)
                : ExportBuiltin(builtinName!, outPath);
            context.Out.WriteLine(summary);
            context.Out.WriteLine(Path.GetFullPath(outPath));
            return ExitCodes.Success;
        });
        return command;
    }

    private static string ExportCheckpoint(string checkpointPath, string arch, int imageSize, string outPath)
    {
        if (imageSize <= 0)
            throw new UsageException($"--image-size {imageSize} must be positive");
        var result = CheckpointOnnxExport.Export(checkpointPath, outPath, new ImportOptions { Arch = arch, ImageSize = imageSize });
        return $"{result.Summary}; wrote {result.FileBytes / 1e6:F1} MB";
    }

    private static string ExportBuiltin(string name, string outPath)
    {
        BuiltinBackbones.Export(name, outPath);
        return $"builtin {name}; wrote {new FileInfo(outPath).Length / 1e6:F1} MB";
    }
}
