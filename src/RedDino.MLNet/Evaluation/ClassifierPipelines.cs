using Microsoft.ML;
using Microsoft.ML.Data;
using RedDino.MLNet.Classifiers;

namespace RedDino.MLNet.Evaluation;

/// <summary>The ML.NET pipeline behind each classifier name: text label -> key over all classes
/// (ordinal order) -> [cache] -> trainer. The linear probe and ML.NET trainers get AppendCacheCheckpoint so
/// that their passes read cached rows; k-NN reads its rows once.</summary>
internal static class ClassifierPipelines
{
    /// <summary>The estimator for <paramref name="classifier"/> on a text "Label" and a "Features" vector.</summary>
    public static IEstimator<ITransformer> Create(MLContext mlContext, ClassifierSpec classifier, EvaluationOptions options, IReadOnlyList<string> classes)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(options);
        var labelToKey = mlContext.Transforms.Conversion.MapValueToClassKey(classes);
        var trainers = mlContext.MulticlassClassification.Trainers;
        if (classifier.IsLinearProbe)
            return labelToKey.AppendCacheCheckpoint(mlContext).Append(trainers.RedDinoLinearProbe(options.LinearProbe));
        if (classifier.Neighbors is { } k)
            return labelToKey.Append(trainers.KNearestNeighbors(k, options.KNearestNeighbors));
        var trainer = classifier.CreateTrainer(mlContext) ?? throw new InvalidOperationException($"classifier '{classifier.Name}' has no trainer");
        return labelToKey.AppendCacheCheckpoint(mlContext).Append(trainer);
    }

    /// <summary>Fits on <paramref name="train"/> and returns the predicted class index of each row of <paramref name="test"/>.</summary>
    internal static int[] FitAndPredict(MLContext mlContext, ClassifierSpec classifier, EvaluationOptions options, IReadOnlyList<string> classes,
        IDataView train, IDataView test)
    {
        var model = Create(mlContext, classifier, options, classes).Fit(train);
        try
        {
            var output = model.Transform(test);
            var classOfKey = ClassOfKey(output.Schema, classifier, classes);
            var keys = output.GetColumn<uint>("PredictedLabel").ToArray();
            return keys.Select(k => k >= 1 && k <= classOfKey.Length
                ? classOfKey[k - 1]
                : throw new InvalidOperationException($"{classifier.Name} predicted key {k}, outside 1..{classOfKey.Length}")).ToArray();
        }
        finally
        {
            (model as IDisposable)?.Dispose();
        }
    }

    // PredictedLabel key - 1 -> class index: through the key's class names when it has them (a user's trainer chain
    // may key its labels again), else the keys are the classes'.
    private static int[] ClassOfKey(DataViewSchema output, ClassifierSpec classifier, IReadOnlyList<string> classes)
    {
        var predicted = output.GetColumnOrNull("PredictedLabel")
            ?? throw new InvalidOperationException($"classifier '{classifier.Name}' outputs no PredictedLabel column: it must end with a multiclass trainer");
        if (predicted.Type is not KeyDataViewType)
            throw new InvalidOperationException($"classifier '{classifier.Name}' outputs PredictedLabel as {predicted.Type}, not a key: it must end with a multiclass trainer");
        if (predicted.Annotations.Schema.GetColumnOrNull("KeyValues") is not { Type: VectorDataViewType { ItemType: TextDataViewType } })
            return Enumerable.Range(0, classes.Count).ToArray();
        VBuffer<ReadOnlyMemory<char>> names = default;
        predicted.Annotations.GetValue("KeyValues", ref names);
        var index = classes.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i, StringComparer.Ordinal);
        return names.DenseValues().Select(n => index.TryGetValue(n.ToString(), out var c) ? c
            : throw new InvalidOperationException($"classifier '{classifier.Name}' predicts class '{n}', which the data does not have")).ToArray();
    }
}
