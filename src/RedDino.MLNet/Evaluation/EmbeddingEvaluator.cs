using Microsoft.ML;
using RedDino.MLNet.Embeddings;
using RedDino.Formats.Manifests;
using RedDino.Formats.Metrics;
using RedDino.MLNet.DataViews;

namespace RedDino.MLNet.Evaluation;

/// <summary>Runs classifiers over a protocol on precomputed embeddings (each image embedded once,
/// before): for every split, every classifier is fitted on the training rows through its ML.NET
/// estimator and predicts the test rows; metrics follow scikit-learn's definitions.</summary>
/// <remarks>One backbone per call. Results of several backbones evaluated with the same protocol on
/// the same rows merge into one metrics.json through <see cref="EvaluationReport"/>.</remarks>
public sealed class EmbeddingEvaluator
{
    private readonly MLContext _mlContext;
    private readonly EvaluationOptions _options;

    /// <summary>Creates an evaluator; <paramref name="options"/> defaults to 5-fold with linear_probe, knn_1, knn_20.</summary>
    public EmbeddingEvaluator(MLContext mlContext, EvaluationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        _mlContext = mlContext;
        _options = options ?? new EvaluationOptions();
        if (_options.Classifiers.Count == 0) throw new ArgumentException("no classifier to evaluate", nameof(options));
    }

    /// <summary>The options in use.</summary>
    public EvaluationOptions Options => _options;

    /// <summary>Evaluates an embeddings set (an embeddings file, docs/formats/embeddings.md, read with <see cref="EmbeddingSet.Read"/>).</summary>
    /// <param name="embeddings">Rows with labels (and the group column for leave-one-group-out).</param>
    /// <param name="backboneName">Name in the report; default: the file's model_name.</param>
    /// <param name="progress">Receives one report per (classifier, split) fit.</param>
    /// <param name="cancellationToken">Stops between fits.</param>
    /// <exception cref="InvalidDataException">A row without label or group, a missing group column, or too few rows (names the file and row).</exception>
    public BackboneEvaluation Evaluate(EmbeddingSet embeddings, string? backboneName = null,
        IProgress<EvaluationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        var name = string.IsNullOrEmpty(backboneName) ? embeddings.Info.ModelName : backboneName;
        return Run(EvaluationData.From(embeddings), name, embeddings.Info.ModelSha256, progress, cancellationToken);
    }

    /// <summary>Evaluates an IDataView holding a text label column and an embedding vector column
    /// (plus a text group column for leave-one-group-out and an optional text path column).</summary>
    /// <param name="data">The rows, in the order the folds follow.</param>
    /// <param name="backboneName">Name in the report.</param>
    /// <param name="modelSha256">sha256 of the backbone's ONNX file, or "".</param>
    /// <param name="columns">Column names (default Features, Label, Path).</param>
    /// <param name="progress">Receives one report per (classifier, split) fit.</param>
    /// <param name="cancellationToken">Stops between fits.</param>
    public BackboneEvaluation Evaluate(IDataView data, string backboneName, string modelSha256 = "", EmbeddingColumns? columns = null,
        IProgress<EvaluationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentException.ThrowIfNullOrEmpty(backboneName);
        return Run(EvaluationData.From(data, columns ?? EmbeddingColumns.Default), backboneName, modelSha256, progress, cancellationToken);
    }

    private BackboneEvaluation Run(EvaluationData data, string backbone, string modelSha256, IProgress<EvaluationProgress>? progress, CancellationToken cancellationToken)
    {
        var warnings = new List<string>();
        var warn = _options.Warn ?? CatalogEnvironment.Notices(_mlContext);
        var splits = _options.Protocol.MakeSplits(data.Labels, data.Column, warning =>
        {
            warnings.Add(warning);
            warn(warning);
        });
        var classes = data.Classes;
        var truth = classes.Encode(data.Labels);
        var results = _options.Classifiers.ToDictionary(c => c.Name, _ => new List<SplitEvaluation>());
        var done = 0;
        foreach (var split in splits)
        {
            var train = data.View(split.TrainRows);
            var test = data.View(split.TestRows);
            // The linear probe sees features centred on the training fold's mean: the bias is not
            // penalised, so the optimum is the same model (same W, shifted bias, same predictions), but
            // ML.NET's float32 L-BFGS reaches it on raw embeddings with large means only when centred.
            var mean = _options.CenterLinearProbeFeatures && _options.Classifiers.Any(c => c.IsLinearProbe) ? data.Mean(split.TrainRows) : null;
            var centeredTrain = mean is null ? train : data.View(split.TrainRows, mean);
            var centeredTest = mean is null ? test : data.View(split.TestRows, mean);
            foreach (var classifier in _options.Classifiers)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var predicted = classifier.IsLinearProbe
                    ? ClassifierPipelines.FitAndPredict(_mlContext, classifier, _options, classes.Names, centeredTrain, centeredTest)
                    : ClassifierPipelines.FitAndPredict(_mlContext, classifier, _options, classes.Names, train, test);
                var splitTruth = split.TestRows.Select(r => truth[r]).ToArray();
                var metrics = ClassificationMetrics.Compute(splitTruth, predicted, classes.Names);
                results[classifier.Name].Add(new SplitEvaluation(split.Index, split.TestGroup, split.TrainRows.Length, metrics, split.TestRows, predicted));
                progress?.Report(new EvaluationProgress(backbone, classifier.Name, split.Index, ++done, splits.Count * _options.Classifiers.Count));
            }
        }
        var classifiers = _options.Classifiers.Select(c => new ClassifierEvaluation(c.Name, results[c.Name])).ToArray();
        return new BackboneEvaluation(backbone, modelSha256, data.Dimension, _options.Protocol, classes.Names, classifiers,
            data.Paths, data.Labels, warnings);
    }
}
