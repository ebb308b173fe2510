using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using RedDino.MLNet.Classifiers;
using RedDino.MLNet.Embeddings;

namespace RedDino.MLNet.Bundles;

/// <summary>A fitted pipeline split into what a bundle stores: the embedding transformer (backbone), the ML.NET
/// steps after it (<see cref="Chain"/>: normalizers, feature selection, concatenation, any multiclass trainer's
/// model; stored with ML.NET's own Model.Save, input = the embedding column) and, for k-NN, the k-NN head after
/// them. Label bookkeeping (MapValueToKey, MapKeyToValue, copies of the label) is not stored: a loaded bundle
/// outputs Score and a key-typed PredictedLabel whose KeyValues are its classes. Anything a bundle cannot hold
/// is refused here, naming the step.</summary>
internal sealed record BundleParts(RedDinoEmbeddingTransformer Backbone, IReadOnlyList<ITransformer> Chain, KNearestNeighborsTransformer? Knn,
    IReadOnlyList<string> HeadKeyClasses)
{
    public const string PredictedLabelColumn = "PredictedLabel";
    public const string ScoreColumn = "Score";

    public static BundleParts Of(ITransformer model)
    {
        var steps = Flatten(model).ToList();
        var at = steps.FindIndex(s => s is RedDinoEmbeddingTransformer);
        if (at < 0)
            throw new NotSupportedException("The model has no RedDino embedding transformer (mlContext.Transforms.ExtractRedDinoEmbeddings): a bundle predicts from images");
        var backbone = (RedDinoEmbeddingTransformer)steps[at];
        foreach (var step in steps.Take(at))
            if (!IsLabelBookkeeping(step))
                throw new NotSupportedException(
                    $"{step.GetType().Name} comes before the embedding transformer: a bundle starts from the image column and cannot store it");

        var schema = BundleWriter.FeatureSchema(backbone.OutputColumnName, backbone.Model.EmbedDim);
        var chain = new List<ITransformer>();
        KNearestNeighborsTransformer? knn = null;
        foreach (var step in steps.Skip(at + 1))
        {
            if (step is RedDinoEmbeddingTransformer)
                throw new NotSupportedException("A bundle holds one embedding transformer, before the classifier; this model has another one");
            if (step is ValueToKeyMappingTransformer or KeyToValueMappingTransformer)
                continue; // label bookkeeping: the bundle maps keys to its classes itself
            if (knn is not null)
            {
                if (step is ColumnCopyingTransformer) continue;
                throw new NotSupportedException($"{step.GetType().Name} comes after the k-NN classifier: a bundle ends with its classifier");
            }
            DataViewSchema next;
            try
            {
                next = step.GetOutputSchema(schema);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                if (step is ColumnCopyingTransformer) continue; // a copy of the label
                throw new NotSupportedException(
                    $"{step.GetType().Name} cannot be stored in a bundle: a bundle's head sees only the embedding column '{backbone.OutputColumnName}' " +
                    $"[{backbone.Model.EmbedDim}] (and what the steps before it make), and this step fails on it: {RedDinoModelInfo.FirstLine(e.Message)}", e);
            }
            if (step is KNearestNeighborsTransformer k)
                knn = k;
            else
                chain.Add(step);
            schema = next;
        }
        return new BundleParts(backbone, chain, knn, KeyClasses(schema, knn));
    }

    /// <summary>The class names of the head's keys (PredictedLabel's KeyValues), in key order.</summary>
    private static IReadOnlyList<string> KeyClasses(DataViewSchema output, KNearestNeighborsTransformer? knn)
    {
        if (knn is not null)
            return knn.Model.ClassNames;
        var predicted = output.GetColumnOrNull(PredictedLabelColumn);
        if (predicted is null || !output.Any(c => c.Name == ScoreColumn))
            throw new NotSupportedException(
                "The model has no classifier after the embedding transformer (k-NN, the linear probe or another ML.NET multiclass trainer): its output has no PredictedLabel and Score");
        if (predicted.Value.Type is not KeyDataViewType)
            throw new NotSupportedException($"The model's PredictedLabel is {predicted.Value.Type}, not a key: a bundle needs a multiclass classifier's output");
        if (predicted.Value.Annotations.Schema.GetColumnOrNull("KeyValues") is null)
            throw new NotSupportedException("The classifier's PredictedLabel carries no class names (KeyValues): make the label key with MapValueToClassKey or MapValueToKey");
        VBuffer<ReadOnlyMemory<char>> names = default;
        predicted.Value.Annotations.GetValue("KeyValues", ref names);
        return names.DenseValues().Select(n => n.ToString()).ToArray();
    }

    private static bool IsLabelBookkeeping(ITransformer step) =>
        step is ValueToKeyMappingTransformer or KeyToValueMappingTransformer or ColumnCopyingTransformer;

    public static IEnumerable<ITransformer> Flatten(ITransformer model)
    {
        if (model is RedDinoBundle bundle)
            return [bundle.Embedding, .. Flatten(bundle.Head)];
        if (model is IEnumerable<ITransformer> chain)
            return chain.SelectMany(Flatten);
        return [model];
    }
}
