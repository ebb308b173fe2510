using System.Text.Json.Nodes;
using Microsoft.ML;
using RedDino.Cli.Reports;
using RedDino.MLNet.Data;
using RedDino.MLNet.Embeddings;
using RedDino.MLNet.Evaluation;
using RedDino.Formats.Manifests;

namespace RedDino.Cli.Bench;

/// <summary>Runs a bench pipeline: builds or reads the manifest, then for each backbone embeds every
/// image once (embedding engine with its cache, so an interrupted run resumes where it stopped),
/// saves the embeddings, evaluates them with the paper's protocol, and finally writes metrics.json
/// (one entry per backbone), predictions, run.json and the reports.</summary>
internal sealed class BenchRunner(BenchRunnerOptions options, IBenchObserver observer)
{
    private const int MLContextSeed = 0;

    public BenchRun Run(BenchPipeline pipeline, string resultsFolder, IReadOnlyList<string> commandLine, CancellationToken cancellationToken = default)
    {
        var record = RunRecord.Start(commandLine);
        var (manifest, dataRoot, warnings) = BenchDatasetLoader.Load(pipeline.Dataset);
        foreach (var warning in warnings) observer.Log($"warning: {warning}");
        if (!manifest.HasLabels)
            throw new InvalidDataException($"{manifest.FilePath ?? pipeline.File}: every row needs a label to be evaluated");
        Directory.CreateDirectory(resultsFolder);
        var evaluationOptions = EvaluationOptionsOf(pipeline);
        observer.Log($"{manifest.Rows.Count} images, {manifest.Rows.Select(r => r.Label).Distinct().Count()} classes; " +
                     $"{evaluationOptions.Protocol.Name}; classifiers {string.Join(", ", pipeline.Classifiers)}; results in {Path.GetFullPath(resultsFolder)}");

        var evaluations = new List<BackboneEvaluation>();
        foreach (var backbone in pipeline.Backbones)
        {
            var modelPath = BenchModels.Resolve(backbone, options.CacheFolder, observer.Log);
            var set = Embed(backbone.Name, modelPath, manifest, dataRoot, cancellationToken);
            set.Write(ReportWriter.EmbeddingsPath(resultsFolder, backbone.Name));
            var evaluator = new EmbeddingEvaluator(new MLContext(MLContextSeed), evaluationOptions);
            var evaluation = observer.Evaluation(backbone.Name, progress => evaluator.Evaluate(set, backbone.Name, progress, cancellationToken));
            evaluations.Add(evaluation);
            record.ModelHashes[backbone.Name] = evaluation.ModelSha256;
            // metrics.json grows backbone by backbone, so a later failure keeps what is done.
            WriteMetrics(resultsFolder, evaluations);
        }

        record.Configuration = Configuration(pipeline);
        record.Seeds["mlcontext"] = MLContextSeed;
        record.Seeds["kfold_shuffle"] = null;
        var metrics = EvaluationReport.Of([.. evaluations]).ToDocument();
        ReportWriter.Write(resultsFolder, metrics, new ReportContext($"Bench: {pipeline.Name}", manifest.Rows.Count));
        record.Finish();
        record.Write(Path.Combine(resultsFolder, "run.json"));
        return new BenchRun(resultsFolder, evaluations, metrics, manifest.Rows.Count);
    }

    private EmbeddingSet Embed(string name, string modelPath, Manifest manifest, string? dataRoot, CancellationToken cancellationToken)
    {
        using var engine = new EmbeddingEngine(modelPath, new RedDinoEmbeddingOptions
        {
            BatchSize = options.BatchSize,
            Device = options.Device,
            CacheFolder = options.CacheFolder,
            Log = observer.Log,
        });
        observer.Log($"{name}: {engine.Model.Arch ?? engine.Model.Name} (D={engine.EmbedDim}, {engine.Model.Preprocessing.ImageSize}px) on {engine.Device}");
        return observer.Embedding(name, manifest.Rows.Count, progress => engine.Embed(manifest, dataRoot, progress, cancellationToken));
    }

    private static void WriteMetrics(string resultsFolder, IReadOnlyList<BackboneEvaluation> evaluations)
    {
        var report = EvaluationReport.Of([.. evaluations]);
        report.WriteMetricsJson(Path.Combine(resultsFolder, "metrics.json"));
        report.WritePredictions(resultsFolder);
    }

    private static EvaluationOptions EvaluationOptionsOf(BenchPipeline pipeline) => new()
    {
        Protocol = EvaluationProtocol.Parse(pipeline.Protocol.Type, pipeline.Protocol.Folds ?? EvaluationDefaults.Folds, pipeline.Protocol.GroupColumn ?? EvaluationDefaults.GroupColumn),
        Classifiers = ClassifierSpec.ParseList(pipeline.Classifiers),
    };

    // The merged configuration written to run.json: the pipeline as resolved, plus the run's settings.
    private JsonObject Configuration(BenchPipeline pipeline) => new()
    {
        ["pipeline"] = pipeline.File,
        ["name"] = pipeline.Name,
        ["dataset"] = new JsonObject
        {
            ["manifest"] = pipeline.Dataset.Manifest, ["data_root"] = pipeline.Dataset.DataRoot, ["builder"] = pipeline.Dataset.Builder,
            ["root"] = pipeline.Dataset.Root, ["crop_size"] = pipeline.Dataset.CropSize, ["source_regex"] = pipeline.Dataset.SourceRegex,
            ["sources"] = pipeline.Dataset.Sources,
            ["classes"] = pipeline.Dataset.Classes is null ? null : new JsonArray(pipeline.Dataset.Classes.Select(c => (JsonNode?)c).ToArray()),
        },
        ["backbones"] = new JsonArray(pipeline.Backbones.Select(b => (JsonNode?)new JsonObject
        {
            ["name"] = b.Name, ["kind"] = b.Kind.ToString().ToLowerInvariant(), ["value"] = b.Value, ["arch"] = b.Arch, ["image_size"] = b.ImageSize,
        }).ToArray()),
        ["protocol"] = new JsonObject { ["type"] = pipeline.Protocol.Type, ["folds"] = pipeline.Protocol.Folds, ["group_column"] = pipeline.Protocol.GroupColumn },
        ["classifiers"] = new JsonArray(pipeline.Classifiers.Select(c => (JsonNode?)c).ToArray()),
        ["embedding"] = new JsonObject { ["batch_size"] = options.BatchSize, ["device"] = options.Device.ToString().ToLowerInvariant(), ["cache"] = Path.GetFullPath(options.CacheFolder) },
    };
}

/// <summary>Settings of a bench run that are not part of the pipeline.</summary>
internal sealed record BenchRunnerOptions(string CacheFolder, int BatchSize = 32, EmbeddingDevice Device = EmbeddingDevice.Auto);
