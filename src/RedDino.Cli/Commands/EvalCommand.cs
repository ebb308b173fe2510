using System.CommandLine;
using System.Text.Json.Nodes;
using Microsoft.ML;
using RedDino.Cli.Infrastructure;
using RedDino.Cli.Reports;
using RedDino.Cli.Settings;
using RedDino.MLNet.Embeddings;
using RedDino.MLNet.Evaluation;
using RedDino.Formats.Manifests;

namespace RedDino.Cli.Commands;

/// <summary>`reddino eval --embeddings FILE --protocol kfold|loso [--folds 5] [--group-column source]
/// [--classifiers linear_probe,knn_1,knn_20] --out DIR`: evaluates one embeddings file and writes
/// DIR/metrics.json, DIR/predictions/&lt;backbone&gt;/&lt;classifier&gt;.csv and DIR/run.json; prints the
/// paper-style table, then DIR as the last stdout line.</summary>
internal sealed class EvalCommand : ICliCommand
{
    public Command Build(CliContext context)
    {
        var embeddings = new Option<string>("--embeddings") { Description = "Embeddings file (FILE.csv with its FILE.csv.json sidecar, or FILE.parquet)", Required = true };
        var protocol = new Option<string>("--protocol") { Description = "kfold (stratified k-fold) or loso (leave one group out)", Required = true };
        protocol.AcceptOnlyFromAmong("kfold", "loso");
        var folds = new Option<int?>("--folds") { Description = $"Folds for kfold (default {EvaluationDefaults.Folds})" };
        var groupColumn = new Option<string?>("--group-column") { Description = $"Column that loso groups by (default {EvaluationDefaults.GroupColumn})" };
        var classifiers = new Option<string>("--classifiers")
        {
            Description = "Comma-separated classifiers: linear_probe, knn_<k>",
            DefaultValueFactory = _ => string.Join(",", EvaluationDefaults.Classifiers),
        };
        var output = new Option<string>("--out") { Description = "Results folder to write", Required = true };
        var command = new Command("eval", "Evaluate embeddings with the paper's protocol: linear probe and k-NN over stratified k-fold or leave-one-source-out")
        {
            embeddings, protocol, folds, groupColumn, classifiers, output,
        };
        command.SetAction((parse, cancellationToken) => Task.FromResult(Run(context, new EvalArguments(
            parse.GetValue(embeddings)!, parse.GetValue(protocol)!, parse.GetValue(folds), parse.GetValue(groupColumn),
            parse.GetValue(classifiers)!, parse.GetValue(output)!), cancellationToken)));
        return command;
    }

    private sealed record EvalArguments(string Embeddings, string Protocol, int? Folds, string? GroupColumn, string Classifiers, string Out);

    private static int Run(CliContext context, EvalArguments args, CancellationToken cancellationToken)
    {
        var record = RunRecord.Start(["reddino", .. context.Arguments]);
        var options = Options(context, args);
        var set = EmbeddingSet.Read(args.Embeddings);
        context.Error.WriteLine($"evaluating {set.Count} rows of {set.Info.ModelName} (D={set.Dimension}): {options.Protocol.Name}, {string.Join(", ", options.Classifiers)}");

        var evaluator = new EmbeddingEvaluator(new MLContext(OptionsJson.DefaultSeed), options);
        var result = ProgressBar.Run(context, "evaluating", "fits", bar =>
            evaluator.Evaluate(set, progress: new Progress(bar), cancellationToken: cancellationToken));

        Directory.CreateDirectory(args.Out);
        var report = EvaluationReport.Of(result);
        report.WriteMetricsJson(Path.Combine(args.Out, "metrics.json"));
        report.WritePredictions(args.Out);
        record.Configuration = Configuration(args, options);
        record.Seeds["mlcontext"] = OptionsJson.DefaultSeed;
        record.Seeds["kfold_shuffle"] = null;
        record.ModelHashes[result.Backbone] = result.ModelSha256;
        record.Write(Path.Combine(args.Out, "run.json"));

        context.Out.Write(ResultsTable.Text(report.ToDocument(), ResultsTableLayout.ClassifierRows));
        context.Out.WriteLine(Path.GetFullPath(args.Out));
        return ExitCodes.Success;
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
            Warn = warning => context.Error.WriteLine($"warning: {warning}"),
        };
    }

    // run.json's configuration: the input, the output and every evaluation option, defaults included.
    private static JsonObject Configuration(EvalArguments args, EvaluationOptions options)
    {
        var json = OptionsJson.EvaluationRun(options, OptionsJson.DefaultSeed);
        json.Insert(0, "embeddings", Path.GetFullPath(args.Embeddings));
        json.Add("out", Path.GetFullPath(args.Out));
        return json;
    }

    private sealed class Progress(IProgress<ProgressUpdate> bar) : IProgress<EvaluationProgress>
    {
        public void Report(EvaluationProgress value) => bar.Report(new ProgressUpdate(value.Done, value.Total, $"{value.Classifier} split {value.Split}"));
    }
}
