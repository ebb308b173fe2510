using RedDino.MLNet.DataViews;
using RedDino.MLNet.Embeddings;

namespace RedDino.MLNet.Evaluation.Analysis;

/// <summary>Several backbones' embeddings of the same rows, evaluated under one protocol and analysed
/// together: what <c>reddino eval --embeddings A --embeddings B</c> runs. Each backbone is named by its
/// file's model_name, else the file name without extension.</summary>
/// <example>
/// <code>
/// var evaluator = new EmbeddingEvaluator(mlContext, new EvaluationOptions { Protocol = EvaluationProtocol.KFold(5) });
/// var report = evaluator.EvaluateAndAnalyze([EmbeddingSet.Read("reddino-small.parquet"), EmbeddingSet.Read("resnet.parquet")]);
/// report.WriteMetricsJson("results/metrics.json");   // schema 2: pooled, ci95, batch_effects, comparisons
/// </code>
/// </example>
public static class MultiBackboneEvaluation
{
    /// <summary>Evaluates every embeddings set and analyses them in one call: pooled metrics with bootstrap
    /// intervals, batch effects (when the rows have a batch column) and the paired comparison of every two
    /// backbones for every classifier.</summary>
    /// <param name="evaluator">Runs the protocol and the classifiers; its context runs the source probe.</param>
    /// <param name="embeddings">One set per backbone, all holding the same rows in the same order.</param>
    /// <param name="analysis">Analysis settings (default: the documented definitions, bootstrap seed 0).</param>
    /// <param name="batchColumn">Batch column; null = the group column under leave-one-group-out, else "source" when present (<see cref="BatchLabels.Resolve(EmbeddingSet, EvaluationProtocol, string?, Action{string}?)"/>).</param>
    /// <param name="progress">Receives one report per (classifier, split) fit, counted over all backbones.</param>
    /// <param name="cancellationToken">Stops between fits.</param>
    /// <returns>The report: <see cref="EvaluationReport.Backbones"/>, <see cref="EvaluationReport.Analyses"/>, <see cref="EvaluationReport.Comparisons"/>.</returns>
    /// <exception cref="InvalidDataException">Sets of different rows, two backbones of the same name, or a bad batch column (names the files, row or column).</exception>
    public static EvaluationReport EvaluateAndAnalyze(this EmbeddingEvaluator evaluator, IReadOnlyList<EmbeddingSet> embeddings,
        AnalysisOptions? analysis = null, string? batchColumn = null, IProgress<EvaluationProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        BackboneNames(embeddings); // no set, or two of one name: refused before any work
        // The batch column is checked before the fits, so that a wrong column fails in seconds.
        var warn = evaluator.Options.Warn ?? CatalogEnvironment.Notices(evaluator.MLContext);
        var batches = BatchLabels.Resolve(embeddings[0], evaluator.Options.Protocol, batchColumn, warn);
        var analyzer = new EvaluationAnalyzer(evaluator.MLContext, analysis);
        var inputs = evaluator.EvaluateAll(embeddings, progress, cancellationToken);
        var result = analyzer.Analyze(inputs, batches);
        return EvaluationReport.Of(inputs.Select(i => i.Evaluation).ToArray(), result);
    }

    /// <summary>Evaluates every embeddings set (same rows, checked first), each under its backbone name.</summary>
    /// <exception cref="InvalidDataException">Sets of different rows or two backbones of the same name.</exception>
    public static IReadOnlyList<BackboneInput> EvaluateAll(this EmbeddingEvaluator evaluator, IReadOnlyList<EmbeddingSet> embeddings,
        IProgress<EvaluationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        var names = BackboneNames(embeddings);
        CheckSameRows(embeddings);
        var inputs = new List<BackboneInput>();
        for (var i = 0; i < embeddings.Count; i++)
        {
            var overall = progress is null ? null : new OverallProgress(progress, i, embeddings.Count);
            inputs.Add(BackboneInput.Of(evaluator.Evaluate(embeddings[i], names[i], overall, cancellationToken), embeddings[i]));
        }
        return inputs;
    }

    /// <summary>The backbone name of every set: its model_name, else its file name without extension.</summary>
    /// <exception cref="InvalidDataException">No set, or two sets with the same name (names both files).</exception>
    public static IReadOnlyList<string> BackboneNames(IReadOnlyList<EmbeddingSet> embeddings)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        if (embeddings.Count == 0) throw new InvalidDataException("no embeddings to evaluate");
        var names = embeddings.Select((set, i) => !string.IsNullOrEmpty(set.Info.ModelName) ? set.Info.ModelName
            : set.Manifest.FilePath is { } path ? Path.GetFileNameWithoutExtension(path) : $"backbone-{i + 1}").ToArray();
        for (var i = 0; i < names.Length; i++)
        {
            var first = Array.IndexOf(names, names[i]);
            if (first < i)
                throw new InvalidDataException($"{FileOf(embeddings, first)} and {FileOf(embeddings, i)} both name their backbone '{names[i]}' " +
                                               "(a backbone is named by its file's model_name, else the file name): rename one");
        }
        return names;
    }

    /// <summary>Checks that every set holds the rows of the first: the same paths and labels in the same order.</summary>
    /// <exception cref="InvalidDataException">The first row that differs (1-based, naming both files).</exception>
    public static void CheckSameRows(IReadOnlyList<EmbeddingSet> embeddings)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        const string Rule = "every embeddings file must hold the same rows (paths) in the same order";
        var first = embeddings[0].Manifest.Rows;
        for (var s = 1; s < embeddings.Count; s++)
        {
            var rows = embeddings[s].Manifest.Rows;
            for (var r = 0; r < Math.Max(first.Count, rows.Count); r++)
            {
                string Where() => $"{FileOf(embeddings, s)}, row {r + 1}";
                if (r >= rows.Count || r >= first.Count)
                    throw new InvalidDataException($"{Where()}: {FileOf(embeddings, s)} has {rows.Count} rows, {FileOf(embeddings, 0)} {first.Count} ({Rule})");
                if (!string.Equals(rows[r].Path, first[r].Path, StringComparison.Ordinal))
                    throw new InvalidDataException($"{Where()}: path '{rows[r].Path}', but '{first[r].Path}' in {FileOf(embeddings, 0)} ({Rule})");
                if (!string.Equals(rows[r].Label, first[r].Label, StringComparison.Ordinal))
                    throw new InvalidDataException($"{Where()}: label '{rows[r].Label}', but '{first[r].Label}' in {FileOf(embeddings, 0)} (the same rows need the same labels)");
            }
        }
    }

    private static string FileOf(IReadOnlyList<EmbeddingSet> embeddings, int index) => embeddings[index].Manifest.FilePath ?? $"embeddings {index + 1}";

    // Fits of backbone `index` counted after those of the backbones before it.
    private sealed class OverallProgress(IProgress<EvaluationProgress> inner, int index, int backbones) : IProgress<EvaluationProgress>
    {
        public void Report(EvaluationProgress value) =>
            inner.Report(value with { Done = index * value.Total + value.Done, Total = backbones * value.Total });
    }
}
