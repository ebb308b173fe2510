using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.ML;
using RedDino.Cli.Infrastructure;
using RedDino.Cli.Reports;
using RedDino.Cli.Settings;
using RedDino.Formats.Metrics;
using RedDino.MLNet.Embeddings;
using RedDino.MLNet.Evaluation;
using RedDino.MLNet.Evaluation.Analysis;
using RedDino.Formats.Manifests;
using RedDino.Formats.IO;

namespace RedDino.Cli.Commands;

/// <summary>`reddino eval --embeddings FILE|DIR [--embeddings FILE|DIR ...] --protocol kfold|loso [--folds 5]
/// [--group-column source] [--batch-column source] [--classifiers linear_probe,knn_1,knn_20,lightgbm,sdca_maxent] --out DIR`:
/// evaluates one or more embeddings files of the same rows (one backbone each) and analyses them (pooled
/// metrics with bootstrap intervals, batch effects, paired comparisons); writes DIR/metrics.json (schema 2),
/// DIR/predictions/&lt;backbone&gt;/&lt;classifier&gt;.csv and DIR/run.json; prints the tables, then DIR as
/// the last stdout line.</summary>
internal sealed class EvalCommand : ICliCommand
{
    public Command Build(CliContext context)
    {
        var embeddings = new Option<string[]>("--embeddings")
        {
            Description = "Embeddings file (FILE.csv with its FILE.csv.json sidecar, or FILE.parquet) or the folder of a sharded run's parts; repeat it to compare backbones on the same rows",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var protocol = new Option<string>("--protocol") { Description = "kfold (stratified k-fold) or loso (leave one group out)", Required = true };
        protocol.AcceptOnlyFromAmong("kfold", "loso");
        var folds = new Option<int?>("--folds") { Description = $"Folds for kfold (default {EvaluationDefaults.Folds})" };
        var groupColumn = new Option<string?>("--group-column") { Description = $"Column that loso groups by (default {EvaluationDefaults.GroupColumn})" };
        var batchColumn = new Option<string?>("--batch-column")
        {
            Description = $"Column of each row's batch for the batch-effect metrics (default: the group column under loso, else {AnalysisDefaults.BatchColumn} when present)",
        };
        var classifiers = new Option<string>("--classifiers")
        {
            Description = "Comma-separated classifiers: linear_probe, knn_<k>, lightgbm, sdca_maxent",
            DefaultValueFactory = _ => string.Join(",", EvaluationDefaults.Classifiers),
        };
        var output = new Option<string>("--out") { Description = "Results folder to write", Required = true };
        var command = new Command("eval", "Evaluate embeddings with the paper's protocol: linear probe and k-NN over stratified k-fold or leave-one-source-out")
        {
            embeddings, protocol, folds, groupColumn, batchColumn, classifiers, output,
        };
        command.SetAction((parse, cancellationToken) => Task.FromResult(Run(context, new EvalArguments(
            parse.GetValue(embeddings)!, parse.GetValue(protocol)!, parse.GetValue(folds), parse.GetValue(groupColumn),
            parse.GetValue(batchColumn), parse.GetValue(classifiers)!, parse.GetValue(output)!), cancellationToken)));
        return command;
    }

    private sealed record EvalArguments(string[] Embeddings, string Protocol, int? Folds, string? GroupColumn, string? BatchColumn, string Classifiers, string Out);

    private static int Run(CliContext context, EvalArguments args, CancellationToken cancellationToken)
    {
        var record = RunRecord.Start(["reddino", .. context.Arguments]);
        OutputPaths.CheckFolder(args.Out, "--out");
        var options = Options(context, args);
        var analysisOptions = new AnalysisOptions { BootstrapSeed = OptionsJson.DefaultSeed, LinearProbe = options.LinearProbe };
        var sets = args.Embeddings.Select(EmbeddingSet.Read).ToArray();
        var names = MultiBackboneEvaluation.BackboneNames(sets);
        MultiBackboneEvaluation.CheckSameRows(sets);
        var batches = BatchLabels.Resolve(sets[0], options.Protocol, args.BatchColumn, options.Warn);
        context.Error.WriteLine($"evaluating {sets[0].Count} rows of {string.Join(", ", sets.Select((s, i) => $"{names[i]} (D={s.Dimension})"))}: " +
                                $"{options.Protocol.Name}, {string.Join(", ", options.Classifiers)}; batches: {(batches is null ? "none" : $"'{batches.Column}'")}");

        var mlContext = new MLContext(OptionsJson.DefaultSeed);
        var evaluator = new EmbeddingEvaluator(mlContext, options);
        var analyzer = new EvaluationAnalyzer(mlContext, analysisOptions);
        var clock = Stopwatch.StartNew();
        var inputs = ProgressBar.Run(context, "evaluating", "fits", bar =>
            evaluator.EvaluateAll(sets, new Progress(bar), cancellationToken));
        var fitSeconds = clock.Elapsed.TotalSeconds;
        context.Error.WriteLine("analysing: pooled metrics with bootstrap intervals" + (batches is null ? "" : ", batch effects") + (sets.Length > 1 ? ", paired comparisons" : ""));
        clock.Restart();
        var analysis = analyzer.Analyze(inputs, batches);
        context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"classifiers {fitSeconds:0.0} s, analysis {clock.Elapsed.TotalSeconds:0.0} s"));

        Directory.CreateDirectory(args.Out);
        var report = EvaluationReport.Of(inputs.Select(i => i.Evaluation).ToArray(), analysis);
        report.WriteMetricsJson(Path.Combine(args.Out, "metrics.json"));
        report.WritePredictions(args.Out);
        record.Configuration = Configuration(args, options, analysisOptions, batches?.Column);
        record.Seeds["mlcontext"] = OptionsJson.DefaultSeed;
        record.Seeds["kfold_shuffle"] = null;
        record.Seeds["bootstrap"] = analysisOptions.BootstrapSeed;
        foreach (var input in inputs) record.ModelHashes[input.Evaluation.Backbone] = input.Evaluation.ModelSha256;
        record.Write(Path.Combine(args.Out, "run.json"));

        PrintTables(context, report.ToDocument());
        context.Out.WriteLine(Path.GetFullPath(args.Out));
        return ExitCodes.Success;
    }

    // The main table, then the batch effects and the weighted-F1 comparisons when there are any.
    private static void PrintTables(CliContext context, MetricsDocument document)
    {
        context.Out.Write(ResultsTable.Text(document, ResultsTableLayout.ClassifierRows));
        context.Out.WriteLine("mean±std over splits [95% bootstrap interval of the pooled value], percent");
        if (AnalysisTables.BatchEffectsSummary(document) is { } batchEffects)
        {
            context.Out.WriteLine();
            context.Out.WriteLine(batchEffects.Title);
            context.Out.Write(batchEffects.Text());
        }
        foreach (var classifier in document.ClassifierNames)
            if (AnalysisTables.Comparison(document, classifier, HeadlineMetric.WeightedF1) is { } matrix)
            {
                context.Out.WriteLine();
                context.Out.WriteLine($"Is A better than B? {matrix.Title}");
                context.Out.Write(matrix.Text());
            }
        if (document.Comparisons.Count > 0)
            context.Out.WriteLine($"* t-test p < {AnalysisTables.Alpha}, † McNemar p < {AnalysisTables.Alpha}; {AnalysisTables.ComparisonCountNote(document)}");
    }

    private static EvaluationOptions Options(CliContext context, EvalArguments args)
    {
        if (args.Folds is < 2) throw new UsageException($"--folds must be at least 2, got {args.Folds}");
        if (args.Protocol == "loso" && args.Folds is not null) context.Error.WriteLine("warning: --folds is ignored with --protocol loso");
        if (args.Protocol == "kfold" && args.GroupColumn is not null) context.Error.WriteLine("warning: --group-column is ignored with --protocol kfold");
        IReadOnlyList<ClassifierSpec> classifiers;
        try
        {
            classifiers = ClassifierSpec.ParseList(args.Classifiers.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--classifiers: {e.Message.Split(" (Parameter")[0]}");
        }
        return new EvaluationOptions
        {
            Protocol = EvaluationProtocol.Parse(args.Protocol, args.Folds ?? EvaluationDefaults.Folds, args.GroupColumn ?? EvaluationDefaults.GroupColumn),
            Classifiers = classifiers,
            Warn = Once(warning => context.Error.WriteLine($"warning: {warning}")),
        };
    }

    // Several backbones share the rows, so a warning about them would repeat once per backbone.
    private static Action<string> Once(Action<string> warn)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return warning =>
        {
            lock (seen)
                if (!seen.Add(warning)) return;
            warn(warning);
        };
    }

    // run.json's configuration: the inputs, the output and every evaluation and analysis option, defaults included.
    private static JsonObject Configuration(EvalArguments args, EvaluationOptions options, AnalysisOptions analysis, string? batchColumn)
    {
        var json = OptionsJson.EvaluationRun(options, OptionsJson.DefaultSeed);
        json.Insert(0, "embeddings", new JsonArray(args.Embeddings.Select(e => (JsonNode?)Path.GetFullPath(e)).ToArray()));
        json.Add("batch_column", batchColumn);
        json.Add("analysis", OptionsJson.Analysis(analysis));
        json.Add("out", Path.GetFullPath(args.Out));
        return json;
    }

    private sealed class Progress(IProgress<ProgressUpdate> bar) : IProgress<EvaluationProgress>
    {
        public void Report(EvaluationProgress value) =>
            bar.Report(new ProgressUpdate(value.Done, value.Total, $"{value.Backbone} {value.Classifier} split {value.Split}"));
    }
}
