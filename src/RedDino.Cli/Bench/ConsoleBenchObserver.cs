using RedDino.Cli.Infrastructure;
using RedDino.MLNet.Embeddings;
using RedDino.MLNet.Evaluation;
using RedDino.Formats.Manifests;

namespace RedDino.Cli.Bench;

/// <summary>Shows a bench run on the terminal: notes on stderr, a progress bar for embedding
/// (images) and one for evaluation (classifier fits); nothing but warnings when quiet.</summary>
internal sealed class ConsoleBenchObserver(CliContext context, bool quiet) : IBenchObserver
{
    public void Log(string message)
    {
        if (!quiet || message.StartsWith("warning", StringComparison.Ordinal)) context.Error.WriteLine(message);
    }

    public EmbeddingSet Embedding(string backbone, int images, Func<IProgress<EmbeddingProgress>, EmbeddingSet> work) =>
        quiet ? work(new Progress<EmbeddingProgress>())
        : ProgressBar.Run(context, $"embedding {backbone}", "images", bar => work(new EmbeddingBar(bar)));

    public BackboneEvaluation Evaluation(string backbone, Func<IProgress<EvaluationProgress>, BackboneEvaluation> work) =>
        quiet ? work(new Progress<EvaluationProgress>())
        : ProgressBar.Run(context, $"evaluating {backbone}", "fits", bar => work(new EvaluationBar(bar)));

    private sealed class EmbeddingBar(IProgress<ProgressUpdate> bar) : IProgress<EmbeddingProgress>
    {
        public void Report(EmbeddingProgress value) =>
            bar.Report(new ProgressUpdate(value.Done, value.Total, value.FromCache == 0 ? null : $"{value.FromCache} cached"));
    }

    private sealed class EvaluationBar(IProgress<ProgressUpdate> bar) : IProgress<EvaluationProgress>
    {
        public void Report(EvaluationProgress value) =>
            bar.Report(new ProgressUpdate(value.Done, value.Total, $"{value.Classifier} split {value.Split}"));
    }
}
