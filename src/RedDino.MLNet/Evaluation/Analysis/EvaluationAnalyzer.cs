using RedDino.Formats.Metrics;
using Microsoft.ML;

namespace RedDino.MLNet.Evaluation.Analysis;

/// <summary>Adds to one or more backbones' evaluations what the paper leaves open: pooled out-of-fold
/// metrics with bootstrap intervals, batch-effect metrics, and paired comparisons of every two backbones.</summary>
/// <example>
/// <code>
/// var evaluator = new EmbeddingEvaluator(mlContext, options);
/// var inputs = files.Select(f => EmbeddingSet.Read(f)).Select(set => BackboneInput.Of(evaluator.Evaluate(set), set)).ToArray();
/// var analysis = new EvaluationAnalyzer(mlContext).Analyze(inputs, BatchLabels.From(EmbeddingSet.Read(files[0])));
/// </code>
/// </example>
public sealed class EvaluationAnalyzer
{
    private readonly AnalysisOptions _options;
    private readonly BatchEffectAnalyzer _batchEffects;

    /// <summary>Creates an analyzer; <paramref name="options"/> defaults to the documented definitions.</summary>
    public EvaluationAnalyzer(MLContext mlContext, AnalysisOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        _options = options ?? new AnalysisOptions();
        _options.Validate();
        _batchEffects = new BatchEffectAnalyzer(mlContext, _options);
    }

    /// <summary>The options in use.</summary>
    public AnalysisOptions Options => _options;

    /// <summary>Analyses <paramref name="backbones"/> (same rows, same protocol; comparisons in the order given).</summary>
    /// <param name="backbones">Each backbone's evaluation with its embeddings.</param>
    /// <param name="batches">The batch of every row; null (or a single batch) leaves batch effects out.</param>
    /// <exception cref="ArgumentException">Backbones with different rows, classes or splits, a repeated name, or embeddings of the wrong size.</exception>
    /// <exception cref="InvalidDataException">A row without a batch.</exception>
    public EvaluationAnalysis Analyze(IReadOnlyList<BackboneInput> backbones, BatchLabels? batches = null)
    {
        ArgumentNullException.ThrowIfNull(backbones);
        if (backbones.Count == 0) throw new ArgumentException("no backbone to analyse", nameof(backbones));
        var repeated = backbones.GroupBy(b => b.Evaluation.Backbone).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null) throw new ArgumentException($"backbone '{repeated.Key}' is listed twice", nameof(backbones));
        foreach (var input in backbones)
        {
            var expected = (long)input.Evaluation.Labels.Count * input.Evaluation.EmbedDim;
            if (input.Embeddings.Length != expected)
                throw new ArgumentException($"backbone '{input.Evaluation.Backbone}': {input.Embeddings.Length} embedding values, expected {input.Evaluation.Labels.Count} rows of {input.Evaluation.EmbedDim}", nameof(backbones));
            if (batches is not null && batches.Values.Count != input.Evaluation.Labels.Count)
                throw new ArgumentException($"{batches.Values.Count} batch labels for {input.Evaluation.Labels.Count} rows of backbone '{input.Evaluation.Backbone}'", nameof(batches));
        }

        var analyses = backbones.Select(input => new BackboneAnalysis(input.Evaluation.Backbone, Pool(input.Evaluation),
            batches is null ? null : _batchEffects.Compute(input.Embeddings, input.Evaluation.EmbedDim, input.Evaluation.Labels, batches.Values, batches.Column))).ToArray();
        return new EvaluationAnalysis(analyses, Compare(backbones.Select(b => b.Evaluation).ToArray()));
    }

    /// <summary>Pooled out-of-fold metrics and bootstrap intervals of every classifier of one backbone.</summary>
    public IReadOnlyList<ClassifierAnalysis> Pool(BackboneEvaluation evaluation)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        var truth = BackboneComparer.TrueClasses(evaluation);
        return evaluation.Classifiers.Select(classifier =>
        {
            var predicted = OutOfFoldPredictions.Pool(classifier, truth.Length);
            var pooled = ClassificationMetrics.Compute(truth, predicted, evaluation.Classes).Summary;
            var intervals = BootstrapIntervals.Compute(truth, predicted, evaluation.Classes, _options.BootstrapResamples, _options.BootstrapSeed, _options.ConfidenceLevel);
            return new ClassifierAnalysis(classifier.Name, pooled, intervals);
        }).ToArray();
    }

    /// <summary>Every pair (a before b, in the order given) for every classifier of a that b also has.</summary>
    public static IReadOnlyList<BackboneComparison> Compare(IReadOnlyList<BackboneEvaluation> evaluations)
    {
        ArgumentNullException.ThrowIfNull(evaluations);
        var comparisons = new List<BackboneComparison>();
        var classifiers = evaluations.SelectMany(e => e.Classifiers.Select(c => c.Name)).Distinct().ToArray();
        foreach (var classifier in classifiers)
            for (var a = 0; a < evaluations.Count; a++)
                for (var b = a + 1; b < evaluations.Count; b++)
                    if (Has(evaluations[a], classifier) && Has(evaluations[b], classifier))
                        comparisons.Add(BackboneComparer.Compare(evaluations[a], evaluations[b], classifier));
        return comparisons;
    }

    private static bool Has(BackboneEvaluation evaluation, string classifier) => evaluation.Classifiers.Any(c => c.Name == classifier);
}
