using Microsoft.ML;
using Microsoft.ML.Data;
using RedDino.MLNet.Classifiers;

namespace RedDino.MLNet.Evaluation;

/// <summary>The ML.NET pipeline behind each classifier name: text label -> key over all classes
/// (ordinal order) -> [cache] -> trainer. The linear probe gets AppendCacheCheckpoint so that L-BFGS's
/// passes read cached rows.</summary>
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
        return classifier.IsLinearProbe
            ? labelToKey.AppendCacheCheckpoint(mlContext).Append(trainers.RedDinoLinearProbe(options.LinearProbe))
            : labelToKey.Append(trainers.KNearestNeighbors(classifier.Neighbors!.Value, options.KNearestNeighbors));
    }

    /// <summary>Fits on <paramref name="train"/> and returns the predicted class index of each row of <paramref name="test"/>.</summary>
    internal static int[] FitAndPredict(MLContext mlContext, ClassifierSpec classifier, EvaluationOptions options, IReadOnlyList<string> classes,
        IDataView train, IDataView test)
    {
        var model = Create(mlContext, classifier, options, classes).Fit(train);
        try
        {
            var keys = model.Transform(test).GetColumn<uint>("PredictedLabel").ToArray();
            return keys.Select(k => k >= 1 && k <= classes.Count
                ? (int)k - 1
                : throw new InvalidOperationException($"{classifier.Name} predicted key {k}, outside 1..{classes.Count}")).ToArray();
        }
        finally
        {
            (model as IDisposable)?.Dispose();
        }
    }
}
