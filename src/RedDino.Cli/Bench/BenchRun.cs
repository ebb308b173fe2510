using RedDino.MLNet.Embeddings;
using RedDino.MLNet.Evaluation;
using RedDino.Formats.Manifests;
using RedDino.Formats.Metrics;

namespace RedDino.Cli.Bench;

/// <summary>What a finished bench run produced.</summary>
/// <param name="ResultsFolder">The folder holding metrics.json, run.json, predictions/, embeddings/, report.md, report.html, plots/.</param>
/// <param name="Evaluations">One evaluation per backbone, in pipeline order.</param>
/// <param name="Metrics">metrics.json of the run.</param>
/// <param name="Rows">Images in the dataset.</param>
internal sealed record BenchRun(string ResultsFolder, IReadOnlyList<BackboneEvaluation> Evaluations, MetricsDocument Metrics, int Rows);

/// <summary>Where the runner reports progress and notes (the CLI maps these to progress bars and stderr).</summary>
internal interface IBenchObserver
{
    /// <summary>A note for the user (stderr).</summary>
    void Log(string message);

    /// <summary>Runs embedding work for one backbone, giving it a progress sink.</summary>
    EmbeddingSet Embedding(string backbone, int images, Func<IProgress<MLNet.Embeddings.EmbeddingProgress>, EmbeddingSet> work);

    /// <summary>Runs evaluation work for one backbone, giving it a progress sink.</summary>
    BackboneEvaluation Evaluation(string backbone, Func<IProgress<EvaluationProgress>, BackboneEvaluation> work);
}
