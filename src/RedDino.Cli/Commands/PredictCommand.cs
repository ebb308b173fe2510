using System.CommandLine;
using System.Globalization;
using System.Text;
using CsvHelper;
using RedDino.Cli.Infrastructure;
using RedDino.MLNet;
using RedDino.MLNet.Bundles;
using RedDino.MLNet.Embeddings;
using RedDino.Formats.Manifests;
using RedDino.Formats.IO;

namespace RedDino.Cli.Commands;

/// <summary>`reddino predict --bundle FILE.zip (--manifest FILE.csv | --image FILE) [--out FILE.csv]`:
/// classifies images with a model bundle. Output CSV: the manifest's columns (or just `path` for
/// --image), then `predicted` (class name), `score` (its score) and `score_&lt;class&gt;` for every class
/// (k-NN vote fractions or linear-probe probabilities). Written to --out (whose path is then the last
/// stdout line) or else to stdout.</summary>
internal sealed class PredictCommand : ICliCommand
{
    public Command Build(CliContext context)
    {
        var bundle = new Option<string>("--bundle") { Description = "A model bundle (*.reddino.zip)", Required = true };
        var manifest = new Option<string?>("--manifest") { Description = "Manifest CSV of the images to classify (crop boxes honoured)" };
        var image = new Option<string?>("--image") { Description = "One image file to classify" };
        var output = new Option<string?>("--out") { Description = "CSV file to write (default: stdout)" };
        var command = new Command("predict", "Classify images with a RedDino model bundle (backbone + linear probe or k-NN head)")
        {
            bundle, manifest, image, output,
        };
        command.SetAction(parse =>
        {
            var manifestPath = parse.GetValue(manifest);
            var imagePath = parse.GetValue(image);
            if ((manifestPath is null) == (imagePath is null))
                throw new UsageException("give exactly one of --manifest FILE.csv or --image FILE");
            return Run(context, parse.GetValue(bundle)!, manifestPath, imagePath, parse.GetValue(output));
        });
        return command;
    }

    private static int Run(CliContext context, string bundlePath, string? manifestPath, string? imagePath, string? outPath)
    {
        var manifest = manifestPath is not null
            ? Manifest.Read(manifestPath)
            : new Manifest([new ManifestRow(Path.GetFullPath(imagePath!))]);
        if (imagePath is not null && !File.Exists(imagePath)) throw new FileNotFoundException($"Image not found: {imagePath}", imagePath);

        using var bundle = new Microsoft.ML.MLContext().Model.LoadRedDino(bundlePath);
        context.Error.WriteLine($"bundle {Path.GetFileName(bundlePath)}: {bundle.Manifest.Head.Kind}{(bundle.Manifest.Head.K is { } k ? $" k={k}" : "")}, " +
                                $"{bundle.Classes.Count} classes, backbone D={bundle.Embedding.Model.EmbedDim} on {bundle.Embedding.Device}");
        var predictions = ProgressBar.Run(context, "predicting", "images", bar =>
            bundle.Predict(manifest, dataRoot: null, new Progress(bar)));

        if (outPath is null)
        {
            Write(context.Out, manifest, bundle.Classes, predictions);
            return ExitCodes.Success;
        }
        AtomicFile.WriteText(outPath, writer => Write(writer, manifest, bundle.Classes, predictions));
        context.Error.WriteLine($"predicted {predictions.Count} images");
        context.Out.WriteLine(Path.GetFullPath(outPath));
        return ExitCodes.Success;
    }

    private static void Write(TextWriter writer, Manifest manifest, IReadOnlyList<string> classes, IReadOnlyList<BundlePrediction> predictions)
    {
        using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture, leaveOpen: true);
        foreach (var column in manifest.Columns) csv.WriteField(column);
        csv.WriteField("predicted");
        csv.WriteField("score");
        foreach (var name in classes) csv.WriteField($"score_{name}");
        csv.NextRecord();
        for (var i = 0; i < predictions.Count; i++)
        {
            foreach (var column in manifest.Columns) csv.WriteField(Manifest.ValueOf(manifest.Rows[i], column));
            csv.WriteField(predictions[i].Label);
            csv.WriteField(Number(predictions[i].Scores[predictions[i].ClassIndex]));
            foreach (var score in predictions[i].Scores) csv.WriteField(Number(score));
            csv.NextRecord();
        }
    }

    private static string Number(float value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed class Progress(IProgress<ProgressUpdate> bar) : IProgress<EmbeddingProgress>
    {
        public void Report(EmbeddingProgress value) => bar.Report(new ProgressUpdate(value.Done, value.Total));
    }
}
