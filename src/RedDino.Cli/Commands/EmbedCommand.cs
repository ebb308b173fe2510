using System.CommandLine;
using System.Globalization;
using System.Text;
using CsvHelper;
using RedDino.Cli.Infrastructure;
using RedDino.MLNet.Embeddings;
using RedDino.Formats.Manifests;
using RedDino.Formats.IO;

namespace RedDino.Cli.Commands;

/// <summary>`reddino embed --model FILE.onnx|FILE.safetensors --manifest FILE.csv [--data-root DIR] --out FILE.csv|FILE.parquet|DIR
/// [--shard K/N] [--format parquet|csv] [--batch-size N|auto] [--device auto|cpu|cuda] [--gpu-id N] [--skip-bad] [--no-cache]
/// [--cache-dir DIR]`. A folder --out receives one shard's part (<see cref="ShardedEmbed"/>, <see cref="ShardSelection"/>).</summary>
/// <remarks>Embeddings are cached (default <c>.reddino-cache/</c> in the current folder), so a run that was
/// interrupted, started again, only computes what is missing. A bad row (a missing, corrupt or too large image,
/// a malformed or too large crop box, a non-finite embedding) stops the run (exit 1, naming the row and path)
/// unless --skip-bad, which lists skipped rows in FILE.skipped.csv.</remarks>
internal sealed class EmbedCommand : ICliCommand
{
    public Command Build(CliContext context)
    {
        var model = new Option<string>("--model") { Description = "ONNX backbone (pixel_values -> embedding), e.g. from `reddino export`, or a timm/Hugging Face RedDino (or DINOv2-layout) safetensors checkpoint (converted once, kept under the cache folder's models/)", Required = true };
        var manifest = new Option<string>("--manifest") { Description = "Manifest CSV (path[,label,source,crop_x,crop_y,crop_w,crop_h,...])", Required = true };
        var dataRoot = new Option<string?>("--data-root") { Description = "Folder that relative image paths resolve against (default: the manifest's folder)" };
        var output = new Option<string>("--out")
        {
            Description = "Embeddings file to write: .csv (with a .csv.json sidecar) or .parquet; or a folder that receives one shard's part-K-of-N file",
            Required = true,
        };
        var shard = new Option<string?>("--shard")
        {
            Description = "With a folder --out: embed shard K of N (the rows i with i mod N = K-1) into DIR/part-K-of-N " +
                          $"(default: from {ShardSelection.SlurmTaskId} or {ShardSelection.KubernetesIndex})",
        };
        var format = new Option<string?>("--format") { Description = "With a folder --out: the part file format, parquet (default) or csv" };
        format.AcceptOnlyFromAmong("parquet", "csv");
        var batchSize = BatchSizeOption.Create();
        var device = new Option<string>("--device") { Description = "Where to run the model", DefaultValueFactory = _ => "auto" };
        device.AcceptOnlyFromAmong("auto", "cpu", "cuda");
        var gpuId = new Option<int>("--gpu-id") { Description = "CUDA device id", DefaultValueFactory = _ => RedDinoEmbeddingDefaults.GpuId };
        var skipBad = new Option<bool>("--skip-bad") { Description = "Skip bad rows (missing, undecodable or too large images, malformed crop boxes, non-finite embeddings; listed in FILE.skipped.csv) instead of stopping" };
        var noCache = new Option<bool>("--no-cache") { Description = "Neither read nor write the embedding cache" };
        var cacheDir = new Option<string?>("--cache-dir") { Description = $"Embedding cache folder (default: {RedDinoEmbeddingDefaults.CommandLineCacheFolder} in the current folder)" };
        var maxPixels = MaxImagePixelsOption.Create();

        var command = new Command("embed", "Embed every image of a manifest with an ONNX backbone (reference preprocessing, batched ONNX Runtime, cache)")
        {
            model, manifest, dataRoot, output, shard, format, batchSize, device, gpuId, skipBad, noCache, cacheDir, maxPixels,
        };
        command.SetAction(parse =>
        {
            var outPath = parse.GetValue(output)!;
            var toFolder = Path.GetExtension(outPath).ToLowerInvariant() is not (".csv" or ".parquet");
            if (!toFolder && parse.GetValue(shard) is not null)
                throw new UsageException($"--shard writes part-K-of-N files into a folder: give --out a folder, not the file '{outPath}'");
            if (!toFolder && parse.GetValue(format) is not null)
                throw new UsageException("--format chooses the part format of a folder --out; a file's extension chooses its format");
            if (parse.GetValue(noCache) && parse.GetValue(cacheDir) is not null)
                throw new UsageException("--no-cache and --cache-dir cannot be used together");
            if (parse.GetValue(gpuId) < 0)
                throw new UsageException($"--gpu-id must be 0 or more, got {parse.GetValue(gpuId)}");
            if (toFolder) OutputPaths.CheckFolder(outPath, "--out");
            else OutputPaths.CheckFile(outPath, "--out");

            var options = new RedDinoEmbeddingOptions
            {
                BatchSize = BatchSizeOption.Parse(parse.GetValue(batchSize)!),
                Device = Enum.Parse<EmbeddingDevice>(parse.GetValue(device)!, ignoreCase: true),
                GpuId = parse.GetValue(gpuId),
                SkipBad = parse.GetValue(skipBad),
                MaxImagePixels = MaxImagePixelsOption.Value(parse, maxPixels),
                CacheFolder = parse.GetValue(noCache) ? null : parse.GetValue(cacheDir) ?? RedDinoEmbeddingDefaults.CommandLineCacheFolder,
                // A safetensors --model is converted into <cache>/models (with --no-cache: the library's per-user folder).
                ModelCacheFolder = parse.GetValue(noCache) ? null : Path.Combine(parse.GetValue(cacheDir) ?? RedDinoEmbeddingDefaults.CommandLineCacheFolder, "models"),
                Log = context.Error.WriteLine,
            };
            if (toFolder)
                return ShardedEmbed.Run(context, parse.GetValue(model)!, parse.GetValue(manifest)!, parse.GetValue(dataRoot), outPath,
                    ShardSelection.Resolve(parse.GetValue(shard), outPath, context.Environment), "." + (parse.GetValue(format) ?? "parquet"), options);
            return Run(context, parse.GetValue(model)!, parse.GetValue(manifest)!, parse.GetValue(dataRoot), outPath, options);
        });
        return command;
    }

    /// <summary>FILE.skipped.csv beside an output FILE lists the rows --skip-bad left out.</summary>
    internal const string SkippedSuffix = ".skipped.csv";

    /// <summary>The manifest (rows with malformed values kept: the engine reports them as bad rows, which --skip-bad
    /// skips), checked for column names the output reserves; and the --data-root folder checked.</summary>
    internal static Manifest ReadManifest(string manifestPath, string? dataRoot)
    {
        var manifest = Manifest.Read(manifestPath, keepBadRows: true);
        EmbeddingFileWriter.CheckManifestColumns(manifest.Columns, manifestPath);
        if (dataRoot is not null && !Directory.Exists(dataRoot))
            throw new DirectoryNotFoundException($"--data-root folder not found: {dataRoot}");
        return manifest;
    }

    private static int Run(CliContext context, string modelPath, string manifestPath, string? dataRoot, string outPath, RedDinoEmbeddingOptions options)
    {
        var manifest = ReadManifest(manifestPath, dataRoot);
        using var engine = new EmbeddingEngine(modelPath, options);
        context.Error.WriteLine($"{manifest.Rows.Count} images, model {engine.Model.Name} (D={engine.EmbedDim}, {engine.Model.Preprocessing.ImageSize}px) on {engine.Device}, " +
                                $"batch {engine.BatchSize}{(options.BatchSize == RedDinoEmbeddingOptions.AutoBatchSize ? " (auto)" : "")}, cache {(options.CacheFolder is null ? "off" : Path.GetFullPath(options.CacheFolder))}");

        var result = ProgressBar.Run(context, "embedding", "images", bar =>
            engine.EmbedManifest(manifest, dataRoot, new Progress(bar), CancellationToken.None));

        result.Embeddings.Write(outPath);
        ReportSkipped(context, outPath + SkippedSuffix, manifest, result.Skipped);
        context.Error.WriteLine(Summary(result));
        context.Out.WriteLine(Path.GetFullPath(outPath));
        return ExitCodes.Success;
    }

    /// <summary>Lists skipped rows in <paramref name="skippedPath"/>, or removes that list when nothing was skipped.</summary>
    internal static void ReportSkipped(CliContext context, string skippedPath, Manifest manifest, IReadOnlyList<SkippedImage> skipped)
    {
        if (skipped.Count > 0)
        {
            WriteSkipped(skippedPath, manifest, skipped);
            context.Error.WriteLine($"skipped {skipped.Count} bad image(s), listed in {Path.GetFullPath(skippedPath)}");
        }
        else if (File.Exists(skippedPath))
            File.Delete(skippedPath); // from an earlier run of the same output: no longer true
    }

    /// <summary>The closing line: images, how many were computed and cached, time and rate.</summary>
    internal static string Summary(ManifestEmbeddingResult result)
    {
        var seconds = result.Elapsed.TotalSeconds;
        return string.Create(CultureInfo.InvariantCulture,
            $"embedded {result.Embeddings.Count} images ({result.Computed} computed, {result.FromCache} from cache) in {seconds:0.0} s ({result.Embeddings.Count / Math.Max(seconds, 1e-9):0.0} images/s)");
    }

    /// <summary>FILE.skipped.csv: the manifest's columns plus the row number and the reason.</summary>
    private static void WriteSkipped(string path, Manifest manifest, IReadOnlyList<SkippedImage> skipped)
    {
        AtomicFile.WriteText(path, writer =>
        {
            using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
            csv.WriteField("row");
            foreach (var column in manifest.Columns) csv.WriteField(column);
            csv.WriteField("reason");
            csv.NextRecord();
            foreach (var s in skipped)
            {
                csv.WriteField(s.RowIndex + 1);
                foreach (var column in manifest.Columns) csv.WriteField(Manifest.ValueOf(s.Row, column));
                csv.WriteField(s.Reason);
                csv.NextRecord();
            }
        });
    }

    internal sealed class Progress(IProgress<ProgressUpdate> bar) : IProgress<EmbeddingProgress>
    {
        public void Report(EmbeddingProgress value) =>
            bar.Report(new ProgressUpdate(value.Done, value.Total,
                value.FromCache + value.Skipped == 0 ? null : $"{value.FromCache} cached, {value.Skipped} skipped"));
    }
}
