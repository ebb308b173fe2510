using System.Text.Json.Nodes;
using Microsoft.ML;
using RedDino.Cli.Reports;
using RedDino.MLNet.Embeddings;
using RedDino.MLNet.Evaluation;
using RedDino.MLNet.Evaluation.Analysis;
using RedDino.Formats.Manifests;

namespace RedDino.Cli.Bench;

/// <summary>Runs a bench pipeline: builds or reads the manifest, then for each backbone embeds every
/// image once (embedding engine with its cache, so an interrupted run resumes where it stopped),
/// saves the embeddings, evaluates them with the paper's protocol and analyses them (pooled metrics with
/// bootstrap intervals, batch effects), and finally writes metrics.json (one entry per backbone, and the
/// paired comparisons of every two), predictions, run.json and the reports.</summary>
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
        var evaluationOptions = pipeline.Evaluation;
        var batches = BatchLabels.Resolve(manifest, evaluationOptions.Protocol, pipeline.Protocol.BatchColumn, message => observer.Log($"warning: {message}"));
        // The bootstrap is seeded from the run's seed (the seed of the classifiers' MLContext).
        var analysisOptions = new AnalysisOptions
        {
            BootstrapSeed = unchecked((uint)pipeline.Seed),
            LinearProbe = evaluationOptions.LinearProbe,
            CenterLinearProbeFeatures = evaluationOptions.CenterLinearProbeFeatures,
        };
        Directory.CreateDirectory(resultsFolder);
        observer.Log($"{manifest.Rows.Count} images, {manifest.Rows.Select(r => r.Label).Distinct().Count()} classes; " +
                     $"{evaluationOptions.Protocol.Name}; classifiers {string.Join(", ", pipeline.Classifiers)}; " +
                     $"batches: {(batches is null ? "none" : $"'{batches.Column}'")}; results in {Path.GetFullPath(resultsFolder)}");

        EvaluationReport? report = null;
        foreach (var backbone in pipeline.Backbones)
        {
            var modelPath = BenchModels.Resolve(backbone, pipeline.Embedding.CacheFolder ?? resultsFolder, observer.Log);
            var set = Embed(pipeline, backbone.Name, modelPath, manifest, dataRoot, cancellationToken);
            set.Write(ReportWriter.EmbeddingsPath(resultsFolder, backbone.Name));
            var mlContext = new MLContext(pipeline.Seed);
            var evaluator = new EmbeddingEvaluator(mlContext, evaluationOptions);
            var evaluation = observer.Evaluation(backbone.Name, progress => evaluator.Evaluate(set, backbone.Name, progress, cancellationToken));
            observer.Log($"{backbone.Name}: pooled metrics and bootstrap intervals{(batches is null ? "" : $", batch effects over '{batches.Column}'")}");
            var analysis = new EvaluationAnalyzer(mlContext, analysisOptions).AnalyzeBackbone(BackboneInput.Of(evaluation, set), batches);
            report ??= new EvaluationReport(evaluation.Protocol, evaluation.Classes);
            report.Add(evaluation, analysis);
            record.ModelHashes[backbone.Name] = evaluation.ModelSha256;
            // metrics.json grows backbone by backbone (with the comparisons so far), so a later failure keeps what is done.
            WriteMetrics(resultsFolder, report);
        }

        record.Configuration = Configuration(pipeline);
        record.Seeds["mlcontext"] = pipeline.Seed;
        record.Seeds["kfold_shuffle"] = null;
        record.Seeds["bootstrap"] = analysisOptions.BootstrapSeed;
        var reportSettings = pipeline.Report with { Seed = pipeline.Seed, Distance = evaluationOptions.KNearestNeighbors.Distance };
        record.Seeds["umap"] = reportSettings.DrawsUmap ? reportSettings.Seed : null;
        var metrics = report!.ToDocument();
        ReportWriter.Write(resultsFolder, metrics, new ReportContext($"Bench: {pipeline.Name}", manifest.Rows.Count)
        {
            Settings = reportSettings,
            ImageFolder = manifest.BaseFolder(dataRoot),
            BatchColumn = batches?.Column,
            Log = observer.Log,
        });
        record.Finish();
        record.Write(Path.Combine(resultsFolder, "run.json"));
        return new BenchRun(resultsFolder, report.Backbones, metrics, manifest.Rows.Count);
    }

    private EmbeddingSet Embed(BenchPipeline pipeline, string name, string modelPath, Manifest manifest, string? dataRoot, CancellationToken cancellationToken)
    {
        var options = pipeline.Embedding.Clone();
        options.Log = observer.Log;
        using var engine = new EmbeddingEngine(modelPath, options);
        observer.Log($"{name}: {engine.Model.Arch ?? engine.Model.Name} (D={engine.EmbedDim}, {engine.Model.Preprocessing.ImageSize}px) on {engine.Device}");
        return observer.Embedding(name, manifest.Rows.Count, progress => engine.Embed(manifest, dataRoot, progress, cancellationToken));
    }

    private static void WriteMetrics(string resultsFolder, EvaluationReport report)
    {
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
