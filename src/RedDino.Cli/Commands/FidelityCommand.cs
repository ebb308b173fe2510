using System.CommandLine;
using System.Text.Json.Nodes;
using Microsoft.ML;
using RedDino.Cli.Infrastructure;
using RedDino.Cli.Reports;
using RedDino.Cli.Settings;
using RedDino.Formats.Manifests;
using RedDino.MLNet.Embeddings;
using RedDino.MLNet.Evaluation;
using RedDino.MLNet.Evaluation.Fidelity;

namespace RedDino.Cli.Commands;

/// <summary>`reddino fidelity --model REF.onnx --model CANDIDATE.onnx --manifest FILE.csv [--data-root DIR]
/// [--out DIR] [--protocol kfold|loso] [--folds 5] [--group-column source] [--classifiers linear_probe,knn_20]
/// [--batch-size N|auto] [--device auto|cpu|cuda] [--gpu-id N] [--no-cache] [--cache-dir DIR]`: embeds the
/// manifest with both models (typically fp32 and its int8 or fp16 export) and prints how closely the second
/// follows the first: per-row cosine, k-NN agreement (k = 1, 10) and, when every row has a label, the
/// downstream metrics of both (docs/formats/fidelity.md). With --out it writes DIR/fidelity.json,
/// DIR/rows.csv and DIR/run.json, and prints DIR last.</summary>
internal sealed class FidelityCommand : ICliCommand
{
    public Command Build(CliContext context)
    {
        var models = new Option<string[]>("--model") { Description = "The reference model, then the candidate (give --model twice)", Required = true, Arity = new ArgumentArity(1, 2) };
        var manifest = new Option<string>("--manifest") { Description = "Manifest CSV of the images to compare on (labels enable the downstream comparison)", Required = true };
        var dataRoot = new Option<string?>("--data-root") { Description = "Folder that relative image paths resolve against (default: the manifest's folder)" };
        var output = new Option<string?>("--out") { Description = "Folder for fidelity.json, rows.csv and run.json" };
        var protocol = new Option<string>("--protocol") { Description = "Downstream protocol: kfold or loso", DefaultValueFactory = _ => "kfold" };
        protocol.AcceptOnlyFromAmong("kfold", "loso");
        var folds = new Option<int>("--folds") { Description = "Folds for kfold", DefaultValueFactory = _ => EvaluationDefaults.Folds };
        var groupColumn = new Option<string>("--group-column") { Description = "Column that loso groups by", DefaultValueFactory = _ => EvaluationDefaults.GroupColumn };
        var classifiers = new Option<string>("--classifiers") { Description = "Downstream classifiers", DefaultValueFactory = _ => string.Join(",", new FidelityOptions().Evaluation!.Classifiers) };
        var batchSize = BatchSizeOption.Create();
        var device = new Option<string>("--device") { Description = "Where to run the models", DefaultValueFactory = _ => "auto" };
        device.AcceptOnlyFromAmong("auto", "cpu", "cuda");
        var gpuId = new Option<int>("--gpu-id") { Description = "CUDA device id", DefaultValueFactory = _ => RedDinoEmbeddingDefaults.GpuId };
        var noCache = new Option<bool>("--no-cache") { Description = "Neither read nor write the embedding cache" };
        var cacheDir = new Option<string?>("--cache-dir") { Description = $"Embedding cache folder (default: {RedDinoEmbeddingDefaults.CommandLineCacheFolder} in the current folder)" };
        var command = new Command("fidelity", "Compare two models' embeddings of a manifest (e.g. fp32 and int8): per-row cosine, k-NN agreement, downstream metrics")
        {
            models, manifest, dataRoot, output, protocol, folds, groupColumn, classifiers, batchSize, device, gpuId, noCache, cacheDir,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var paths = parse.GetValue(models)!;
            if (paths.Length != 2) throw new UsageException("give --model twice: the reference model, then the candidate");
            if (parse.GetValue(noCache) && parse.GetValue(cacheDir) is not null) throw new UsageException("--no-cache and --cache-dir cannot be used together");
            if (parse.GetValue(folds) < 2) throw new UsageException($"--folds must be at least 2, got {parse.GetValue(folds)}");
            var embedding = new RedDinoEmbeddingOptions
            {
                BatchSize = BatchSizeOption.Parse(parse.GetValue(batchSize)!),
                Device = Enum.Parse<EmbeddingDevice>(parse.GetValue(device)!, ignoreCase: true),
                GpuId = parse.GetValue(gpuId),
                CacheFolder = parse.GetValue(noCache) ? null : parse.GetValue(cacheDir) ?? RedDinoEmbeddingDefaults.CommandLineCacheFolder,
                Log = context.Error.WriteLine,
            };
            var evaluation = new EvaluationOptions
            {
                Protocol = EvaluationProtocol.Parse(parse.GetValue(protocol)!, parse.GetValue(folds), parse.GetValue(groupColumn)!),
                Classifiers = ParseClassifiers(parse.GetValue(classifiers)!),
                Warn = warning => context.Error.WriteLine($"warning: {warning}"),
            };
            return Task.FromResult(Run(context, paths[0], paths[1], parse.GetValue(manifest)!, parse.GetValue(dataRoot), parse.GetValue(output),
                embedding, evaluation, cancellationToken));
        });
        return command;
    }

    private static int Run(CliContext context, string referencePath, string candidatePath, string manifestPath, string? dataRoot, string? outDir,
        RedDinoEmbeddingOptions embedding, EvaluationOptions evaluation, CancellationToken cancellationToken)
    {
        var record = RunRecord.Start(["reddino", .. context.Arguments]);
        var manifest = Manifest.Read(manifestPath);
        if (dataRoot is not null && !Directory.Exists(dataRoot))
            throw new DirectoryNotFoundException($"--data-root folder not found: {dataRoot}");
        var reference = Embed(context, referencePath, manifest, dataRoot, embedding, cancellationToken);
        var candidate = Embed(context, candidatePath, manifest, dataRoot, embedding, cancellationToken);
        if (!manifest.HasLabels) context.Error.WriteLine("the manifest has rows without a label: no downstream comparison");

        var report = EmbeddingFidelity.Compare(reference, candidate, new MLContext(OptionsJson.DefaultSeed),
            new FidelityOptions { Evaluation = evaluation }, cancellationToken);
        context.Out.Write(FidelityFiles.Text(report, reference.Dimension));
        if (outDir is null) return ExitCodes.Success;

        Directory.CreateDirectory(outDir);
        FidelityFiles.WriteJson(Path.Combine(outDir, "fidelity.json"), report,
            (Path.GetFullPath(referencePath), reference.Info.ModelSha256), (Path.GetFullPath(candidatePath), candidate.Info.ModelSha256));
        FidelityFiles.WriteRows(Path.Combine(outDir, "rows.csv"), report, reference.Manifest.Rows.Select(r => r.Path).ToList());
        var configuration = OptionsJson.EvaluationRun(evaluation, OptionsJson.DefaultSeed);
        configuration.Insert(0, "manifest", Path.GetFullPath(manifestPath));
        configuration.Insert(1, "embedding", OptionsJson.Embedding(embedding));
        record.Configuration = configuration;
        record.Seeds["mlcontext"] = OptionsJson.DefaultSeed;
        record.ModelHashes["reference"] = reference.Info.ModelSha256;
        record.ModelHashes["candidate"] = candidate.Info.ModelSha256;
        record.Write(Path.Combine(outDir, "run.json"));
        context.Out.WriteLine(Path.GetFullPath(outDir));
        return ExitCodes.Success;
    }

    private static EmbeddingSet Embed(CliContext context, string model, Manifest manifest, string? dataRoot, RedDinoEmbeddingOptions options,
        CancellationToken cancellationToken)
    {
        using var engine = new EmbeddingEngine(model, options);
        context.Error.WriteLine($"{engine.Model.Name}: {manifest.Rows.Count} images (D={engine.EmbedDim}) on {engine.Device}, batch {engine.BatchSize}");
        return ProgressBar.Run(context, $"embedding ({engine.Model.Name})", "images", bar =>
            engine.Embed(manifest, dataRoot, new BarProgress(bar), cancellationToken));
    }

    private sealed class BarProgress(IProgress<ProgressUpdate> bar) : IProgress<EmbeddingProgress>
    {
        public void Report(EmbeddingProgress value) => bar.Report(new ProgressUpdate(value.Done, value.Total, null));
    }

    private static IReadOnlyList<ClassifierSpec> ParseClassifiers(string text)
    {
        try
        {
            return ClassifierSpec.ParseList(text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--classifiers: {e.Message.Split(" (Parameter")[0]}");
        }
    }
}
