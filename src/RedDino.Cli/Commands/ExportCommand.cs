using System.CommandLine;
using RedDino.Backbone.Builtin;
using RedDino.Cli.Infrastructure;

namespace RedDino.Cli.Commands;

/// <summary>`reddino export --builtin resnet18-imagenet --out FILE.onnx`: writes a contract ONNX
/// backbone. (Checkpoint export, `--checkpoint FILE [--arch] [--image-size]`, joins this command
/// with the backbone exporter.)</summary>
internal sealed class ExportCommand : ICliCommand
{
    public Command Build(CliContext context)
    {
        var builtin = new Option<string?>("--builtin") { Description = $"A backbone shipped with the tool: {string.Join(", ", BuiltinBackbones.Names)}" };
        var output = new Option<string>("--out") { Description = "ONNX file to write", Required = true };
        var command = new Command("export", "Write an ONNX backbone (pixel_values -> embedding, with reddino.* preprocessing metadata)") { builtin, output };
        command.SetAction(parse =>
        {
            var name = parse.GetValue(builtin) ?? throw new UsageException("give --builtin NAME");
            var outPath = parse.GetValue(output)!;
            BuiltinBackbones.Export(name, outPath);
            context.Error.WriteLine($"wrote {name} ({new FileInfo(outPath).Length / 1e6:F1} MB)");
            context.Out.WriteLine(Path.GetFullPath(outPath));
            return ExitCodes.Success;
        });
        return command;
    }
}
