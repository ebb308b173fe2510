using System.CommandLine;
using System.Globalization;
using RedDino.Cli.Bench;
using RedDino.Cli.Infrastructure;
using RedDino.Cli.Reports;
using RedDino.MLNet.Embeddings;
using RedDino.Formats.Metrics;
using RedDino.MLNet.Evaluation;

namespace RedDino.Cli.Commands;

/// <summary>`reddino bench [PIPELINE.json] [--set key=value ...] [--out DIR] [--json] [--quiet]`: runs a bench pipeline
/// (default pipelines/sample.json: the bundled Chula sample with the built-in ResNet-18) and writes
/// a results folder; prints the paper-style table, then the folder as the last stdout line.</summary>
internal sealed class BenchCommand : ICliCommand
{
    /// <summary>The default pipeline, looked up from the current folder and its parents (then from the tool's folder up).</summary>
    public const string DefaultPipeline = "pipelines/sample.json";

    public Command Build(CliContext context)
    {
        var pipeline = new Argument<string?>("pipeline") { Description = $"Bench pipeline JSON (default: {DefaultPipeline})", Arity = ArgumentArity.ZeroOrOne };
        var output = new Option<string?>("--out") { Description = "Results folder (default: the pipeline's output, else results/<name>-<timestamp>)" };
        var json = new Option<bool>("--json") { Description = "Print metrics.json to stdout instead of the table (the results folder stays the last line)" };
        var quiet = new Option<bool>("--quiet") { Description = "No progress bars, notes or table (warnings and errors still go to stderr)" };
        var set = new Option<string[]>("--set")
        {
            Description = "Override one setting, e.g. --set protocol.folds=3 or --set embedding.batch_size=8 (repeatable)",
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command("bench", "Embed a dataset with one or more backbones, evaluate (linear probe, k-NN) and write metrics and reports") { pipeline, output, json, quiet, set };
        command.SetAction((parse, cancellationToken) => Task.FromResult(Run(context, parse.GetValue(pipeline), parse.GetValue(set) ?? [], parse.GetValue(output),
            parse.GetValue(json), parse.GetValue(quiet), cancellationToken)));
        return command;
    }

    private static int Run(CliContext context, string? pipelinePath, string[] assignments, string? outFolder, bool json, bool quiet, CancellationToken cancellationToken)
    {
        var pipeline = BenchPipelineReader.Read(pipelinePath ?? FindDefaultPipeline(), assignments);
        var resultsFolder = outFolder ?? pipeline.Output
            ?? Path.Combine("results", $"{pipeline.Name}-{DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}");
        var started = DateTime.UtcNow;
        var runner = new BenchRunner(new ConsoleBenchObserver(context, quiet));
        var run = runner.Run(pipeline, resultsFolder, ["reddino", .. context.Arguments], cancellationToken);

        if (json)
            context.Out.WriteLine(File.ReadAllText(Path.Combine(run.ResultsFolder, "metrics.json")).TrimEnd());
        else if (!quiet)
        {
            context.Out.WriteLine($"{ResultsTable.Title(HeadlineMetric.WeightedF1)}, {MarkdownReport.ProtocolLine(run.Metrics, new ReportContext(pipeline.Name, run.Rows))}");
            context.Out.Write(ResultsTable.Text(run.Metrics, ResultsTableLayout.BackboneRows));
            context.Out.WriteLine($"Reports: {Path.GetFullPath(Path.Combine(run.ResultsFolder, "report.html"))} (and report.md); " +
                                  $"{(DateTime.UtcNow - started).TotalSeconds:0} s");
        }
        context.Out.WriteLine(Path.GetFullPath(run.ResultsFolder));
        return ExitCodes.Success;
    }

    private static string FindDefaultPipeline()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                var candidate = Path.Combine(folder.FullName, DefaultPipeline);
                if (File.Exists(candidate)) return candidate;
            }
        throw new FileNotFoundException($"no {DefaultPipeline} in the current folder or above it: give a pipeline file (see pipelines/ in the repository)", DefaultPipeline);
    }
}
