using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using RedDino.MLNet.Classifiers;
using RedDino.MLNet.Embeddings;

namespace RedDino.MLNet.Bundles;

/// <summary>A fitted pipeline split into what a bundle stores: the embedding transformer (backbone)
/// and the classifier (head). Label bookkeeping steps (MapValueToKey, MapKeyToValue, CopyColumns)
/// are not stored: a loaded bundle outputs Score and a key-typed PredictedLabel with the class names.</summary>
internal sealed record BundleParts(RedDinoEmbeddingTransformer Backbone, ITransformer Head)
{
    public static BundleParts Of(ITransformer model)
    {
        RedDinoEmbeddingTransformer? backbone = null;
        ITransformer? head = null;
        foreach (var step in Flatten(model))
        {
            switch (step)
            {
                case RedDinoEmbeddingTransformer embedding when backbone is null && head is null:
                    backbone = embedding;
                    break;
                case RedDinoEmbeddingTransformer:
                    throw new NotSupportedException("A bundle holds one embedding transformer, before the classifier; this model has another one");
                case KNearestNeighborsTransformer or ISingleFeaturePredictionTransformer<object> when head is null:
                    head = step;
                    break;
                case KNearestNeighborsTransformer or ISingleFeaturePredictionTransformer<object>:
                    throw new NotSupportedException($"A bundle holds one classifier; this model has a second one ({step.GetType().Name})");
                case ValueToKeyMappingTransformer or KeyToValueMappingTransformer or ColumnCopyingTransformer:
                    break; // label bookkeeping: not part of the bundle
                default:
                    throw new NotSupportedException(
                        $"A RedDino bundle holds an embedding transformer and one classifier (k-NN or an ML.NET multiclass trainer); {step.GetType().Name} cannot be stored");
            }
        }
        if (backbone is null)
            throw new NotSupportedException("The model has no RedDino embedding transformer (mlContext.Transforms.ExtractRedDinoEmbeddings): a bundle predicts from images");
        if (head is null)
            throw new NotSupportedException("The model has no classifier after the embedding transformer (k-NN, the linear probe or another ML.NET multiclass trainer)");
        var feature = FeatureColumnOf(head);
        if (feature != backbone.OutputColumnName)
            throw new NotSupportedException($"The classifier reads '{feature}' but the embedding transformer writes '{backbone.OutputColumnName}': the bundle needs the classifier on the embeddings themselves");
        return new BundleParts(backbone, head);
    }

    public static string FeatureColumnOf(ITransformer head) => head switch
    {
        KNearestNeighborsTransformer knn => knn.FeatureColumnName,
        ISingleFeaturePredictionTransformer<object> predictor => predictor.FeatureColumnName,
        _ => Flatten(head).Select(FeatureColumnOfStep).FirstOrDefault(c => c is not null)
             ?? throw new InvalidDataException($"the head ({head.GetType().Name}) has no multiclass classifier"),
    };

    private static string? FeatureColumnOfStep(ITransformer step) => step is ISingleFeaturePredictionTransformer<object> p ? p.FeatureColumnName : null;

    public static IEnumerable<ITransformer> Flatten(ITransformer model)
    {
        if (model is RedDinoBundle bundle)
            return [bundle.Embedding, .. Flatten(bundle.Head)];
        if (model is IEnumerable<ITransformer> chain)
            return chain.SelectMany(Flatten);
        return [model];
    }
}
