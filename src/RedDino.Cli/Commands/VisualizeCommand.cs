using RedDino.Cli.Reports;
using System.CommandLine;
using System.Text.Json.Nodes;
using RedDino.Cli.Infrastructure;
using RedDino.Formats.Manifests;
using RedDino.MLNet.Embeddings;
using RedDino.MLNet.Evaluation;
using RedDino.Formats.Imaging;
using RedDino.MLNet.Visualization;

namespace RedDino.Cli.Commands;

/// <summary>`reddino visualize --model FILE.onnx (--image FILE | --manifest FILE.csv) [--components 3]
/// [--mask-background [--background-threshold 0.5]] --out DIR`: the patch-token PCA of each image as RGB,
/// DIR/&lt;stem&gt;.pca.png (image-sized), and its values per patch, DIR/&lt;stem&gt;.patches.csv
/// (tile_row,tile_col,row,col,pc1..pcK, plus foreground,mask_score with the mask). A manifest row's crop box is
/// honoured; rows whose file stems repeat are written as &lt;stem&gt;.row&lt;N&gt;. A rerun into the same DIR with the same
/// settings keeps the images already done. Prints DIR as the last stdout line.</summary>
internal sealed class VisualizeCommand : ICliCommand
{
    public Command Build(CliContext context)
    {
        var model = new Option<string>("--model") { Description = "ONNX backbone with a patch_tokens output (reddino export writes it)", Required = true };
        var image = new Option<string?>("--image") { Description = "One image (e.g. a whole smear)" };
        var manifest = new Option<string?>("--manifest") { Description = "Manifest CSV of images (crop boxes honoured)" };
        var dataRoot = new Option<string?>("--data-root") { Description = "Folder relative manifest paths resolve against (default: the manifest's folder)" };
        var components = new Option<int>("--components") { Description = "Principal components written per patch (the first three are the colours)", DefaultValueFactory = _ => 3 };
        var mask = new Option<bool>("--mask-background") { Description = "Threshold the first component (darker patches = foreground) and fit a second PCA on the foreground, as DINOv2's demo" };
        var threshold = new Option<double>("--background-threshold") { Description = "Threshold on the first component scaled to [0, 1]", DefaultValueFactory = _ => 0.5 };
        var device = new Option<string>("--device") { Description = "Where to run the model", DefaultValueFactory = _ => "auto" };
        device.AcceptOnlyFromAmong("auto", "cpu", "cuda");
        var output = new Option<string>("--out") { Description = "Folder for <stem>.pca.png and <stem>.patches.csv", Required = true };
        var command = new Command("visualize", "Patch-token PCA of images as RGB pictures (DINOv2-style), with the component values per patch")
        {
            model, image, manifest, dataRoot, components, mask, threshold, device, output,
        };
        command.SetAction((parse, cancellation) =>
        {
            var (imagePath, manifestPath) = (parse.GetValue(image), parse.GetValue(manifest));
            if ((imagePath is null) == (manifestPath is null))
                throw new UsageException("give exactly one of --image FILE or --manifest FILE.csv");
            if (imagePath is not null && parse.GetValue(dataRoot) is not null)
                throw new UsageException("--data-root goes with --manifest");
            if (parse.GetValue(components) < 3)
                throw new UsageException($"--components must be at least 3 (the colours), got {parse.GetValue(components)}");
            if (parse.GetValue(threshold) is < 0 or > 1)
                throw new UsageException($"--background-threshold must be in [0, 1], got {parse.GetValue(threshold)}");
            var options = new PatchPcaOptions
            {
                Components = parse.GetValue(components), MaskBackground = parse.GetValue(mask), BackgroundThreshold = parse.GetValue(threshold),
            };
            var embedding = new RedDinoEmbeddingOptions { Device = Enum.Parse<EmbeddingDevice>(parse.GetValue(device)!, ignoreCase: true), Log = context.Error.WriteLine };
            return Task.FromResult(Run(context, parse.GetValue(model)!, imagePath, manifestPath, parse.GetValue(dataRoot), options, embedding,
                parse.GetValue(output)!, cancellation));
        });
        return command;
    }

    private static int Run(CliContext context, string modelPath, string? imagePath, string? manifestPath, string? dataRoot,
        PatchPcaOptions options, RedDinoEmbeddingOptions embedding, string outFolder, CancellationToken cancellation)
    {
        var record = RunRecord.Start(["reddino", .. context.Arguments]);
        var images = VisualizeImages.From(imagePath, manifestPath, dataRoot);
        using var model = new PatchTokenModel(modelPath, embedding);
        if (options.Components > model.Model.EmbedDim)
            throw new UsageException($"--components must be at most the token dimension {model.Model.EmbedDim}, got {options.Components}");
        var settings = new JsonObject
        {
            ["model"] = model.Model.Path, ["model_sha256"] = model.Model.Sha256, ["components"] = options.Components,
            ["mask_background"] = options.MaskBackground, ["background_threshold"] = options.BackgroundThreshold,
            ["percentiles"] = new JsonArray(options.LowPercentile, options.HighPercentile), ["tile_size"] = model.TileSize,
        };
        Directory.CreateDirectory(outFolder);
        var runJson = Path.Combine(outFolder, "run.json");
        var resume = SameSettings(runJson, settings);
        record.Configuration = new JsonObject { ["settings"] = settings, ["images"] = images.Count, ["out"] = Path.GetFullPath(outFolder) };
        record.ModelHashes[model.Model.Name] = model.Model.Sha256;
        record.Write(runJson); // written first: a rerun after an interruption recognises its settings
        context.Error.WriteLine($"{images.Count} image(s), model {model.Model.Name} ({model.TileSize} px tiles) on {model.Device}" +
                                (options.MaskBackground ? $", background mask at {options.BackgroundThreshold}" : ""));

        var (done, kept) = ProgressBar.Run(context, "visualizing", "images", bar =>
        {
            int written = 0, skipped = 0;
            for (var i = 0; i < images.Count; i++)
            {
                cancellation.ThrowIfCancellationRequested();
                var item = images[i];
                var png = Path.Combine(outFolder, item.Stem + ".pca.png");
                var csv = Path.Combine(outFolder, item.Stem + ".patches.csv");
                if (resume && File.Exists(png) && File.Exists(csv))
                    skipped++;
                else
                {
                    var result = PatchPca.Compute(model.Extract(item.Load(), item.Describe), options);
                    MapCommand.WriteAtomically(csv, file => PatchCsv.Write(file, result));
                    MapCommand.WriteAtomically(png, file => PngWriter.Save(result.Render(), file));
                    written++;
                }
                bar.Report(new ProgressUpdate(i + 1, images.Count));
            }
            return (written, skipped);
        });
        record.Write(runJson);
        context.Error.WriteLine($"wrote {done} picture(s){(kept > 0 ? $", kept {kept} from an earlier run with the same settings" : "")}");
        context.Out.WriteLine(Path.GetFullPath(outFolder));
        return ExitCodes.Success;
    }

    private static bool SameSettings(string runJson, JsonObject settings)
    {
        if (!File.Exists(runJson)) return false;
        try
        {
            return JsonNode.DeepEquals(JsonNode.Parse(File.ReadAllText(runJson))?["configuration"]?["settings"], settings);
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }
}
