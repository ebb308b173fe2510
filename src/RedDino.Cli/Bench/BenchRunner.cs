using System.Text.Json.Nodes;
using Microsoft.ML;
using RedDino.Cli.Reports;
using RedDino.MLNet.Embeddings;
using RedDino.MLNet.Evaluation;
using RedDino.Formats.Manifests;

namespace RedDino.Cli.Bench;

/// <summary>Runs a bench pipeline: builds or reads the manifest, then for each backbone embeds every
/// image once (embedding engine with its cache, so an interrupted run resumes where it stopped),
/// saves the embeddings, evaluates them with the paper's protocol, and finally writes metrics.json
/// (one entry per backbone), predictions, run.json and the reports.</summary>
internal sealed class BenchRunner(IBenchObserver observer)
{

    public BenchRun Run(BenchPipeline pipeline, string resultsFolder, IReadOnlyList<string> commandLine, CancellationToken cancellationToken = default)
    {
        var record = RunRecord.Start(commandLine);
        var (manifest, dataRoot, warnings) = BenchDatasetLoader.Load(pipeline.Dataset);
        foreach (var warning in warnings) observer.Log($"warning: {warning}");
        if (!manifest.HasLabels)
            throw new InvalidDataException($"{manifest.FilePath ?? pipeline.File}: every row needs a label to be evaluated");
        if (manifest.Rows.Select(r => r.Label).Distinct().Count() < 2)
            throw new InvalidDataException($"{manifest.FilePath ?? pipeline.File}: every row has the label '{manifest.Rows[0].Label}'; evaluating a classifier needs at least two classes");
        EmbeddingFileWriter.CheckManifestColumns(manifest.Columns, manifest.FilePath ?? pipeline.File);
        BenchModels.CheckFiles(pipeline.Backbones);
        Directory.CreateDirectory(resultsFolder);
        var evaluationOptions = pipeline.Evaluation;
        observer.Log($"{manifest.Rows.Count} images, {manifest.Rows.Select(r => r.Label).Distinct().Count()} classes; " +
                     $"{evaluationOptions.Protocol.Name}; classifiers {string.Join(", ", pipeline.Classifiers)}; results in {Path.GetFullPath(resultsFolder)}");

        var evaluations = new List<BackboneEvaluation>();
        foreach (var backbone in pipeline.Backbones)
        {
            var modelPath = BenchModels.Resolve(backbone, pipeline.Embedding.CacheFolder ?? resultsFolder, observer.Log);
            var set = Embed(pipeline, backbone.Name, modelPath, manifest, dataRoot, cancellationToken);
            set.Write(ReportWriter.EmbeddingsPath(resultsFolder, backbone.Name));
            var evaluator = new EmbeddingEvaluator(new MLContext(pipeline.Seed), evaluationOptions);
            var evaluation = observer.Evaluation(backbone.Name, progress => evaluator.Evaluate(set, backbone.Name, progress, cancellationToken));
            evaluations.Add(evaluation);
            record.ModelHashes[backbone.Name] = evaluation.ModelSha256;
            // metrics.json grows backbone by backbone, so a later failure keeps what is done.
            WriteMetrics(resultsFolder, evaluations);
        }

        record.Configuration = Configuration(pipeline);
        record.Seeds["mlcontext"] = pipeline.Seed;
        record.Seeds["kfold_shuffle"] = null;
        var metrics = EvaluationReport.Of([.. evaluations]).ToDocument();
        ReportWriter.Write(resultsFolder, metrics, new ReportContext($"Bench: {pipeline.Name}", manifest.Rows.Count));
        record.Finish();
        record.Write(Path.Combine(resultsFolder, "run.json"));
        return new BenchRun(resultsFolder, evaluations, metrics, manifest.Rows.Count);
    }

    private EmbeddingSet Embed(BenchPipeline pipeline, string name, string modelPath, Manifest manifest, string? dataRoot, CancellationToken cancellationToken)
    {
        var options = pipeline.Embedding.Clone();
        options.Log = observer.Log;
        using var engine = new EmbeddingEngine(modelPath, options);
        observer.Log($"{name}: {engine.Model.Arch ?? engine.Model.Name} (D={engine.EmbedDim}, {engine.Model.Preprocessing.ImageSize}px) on {engine.Device}");
        return observer.Embedding(name, manifest.Rows.Count, progress => engine.Embed(manifest, dataRoot, progress, cancellationToken));
    }

    private static void WriteMetrics(string resultsFolder, IReadOnlyList<BackboneEvaluation> evaluations)
    {
        var report = EvaluationReport.Of([.. evaluations]);
        report.WriteMetricsJson(Path.Combine(resultsFolder, "metrics.json"));
        report.WritePredictions(resultsFolder);
    }

    // run.json's configuration: the pipeline file and the merged settings, whole (paths resolved).
    private static JsonObject Configuration(BenchPipeline pipeline)
    {
        var settings = pipeline.Settings.DeepClone().AsObject();
        settings.Insert(0, "pipeline", pipeline.File);
        if (pipeline.Embedding.CacheFolder is { } cache)
            settings["embedding"]!["cache_folder"] = Path.GetFullPath(cache);
        return settings;
    }
}
