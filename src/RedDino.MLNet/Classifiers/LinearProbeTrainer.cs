using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using RedDino.MLNet.Classifiers.Knn;

namespace RedDino.MLNet.Classifiers;

/// <summary>The paper's linear probe on ML.NET's <c>LbfgsMaximumEntropy</c> (multinomial logistic regression).</summary>
/// <remarks>
/// scikit-learn minimises C Σᵢ logloss_i + ½||W||² (intercepts not penalised); ML.NET minimises
/// (Σᵢ loss_i + ½ L2 ||W||²) / n (bias not penalised). Both have the same optimum when
/// <c>L2Regularization = 1 / C = 100 / (M K)</c> and <c>L1Regularization = 0</c> (ML.NET's default L1 of 1
/// would change the model). M is the feature dimension and K the number of classes present in the
/// training data, so L2 is decided in <see cref="Fit"/>. The result is a stock ML.NET transformer:
/// <c>mlContext.Model.Save</c> can store it. Put <c>AppendCacheCheckpoint</c> before this trainer in a
/// pipeline that computes embeddings, so that L-BFGS's many passes never re-embed.
/// </remarks>
public sealed class LinearProbeTrainer : IEstimator<MulticlassPredictionTransformer<MaximumEntropyModelParameters>>
{
    private readonly MulticlassClassificationCatalog.MulticlassClassificationTrainers _catalog;
    private readonly LinearProbeOptions _options;

    internal LinearProbeTrainer(MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, LinearProbeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!(options.L2Numerator > 0)) throw new ArgumentOutOfRangeException(nameof(options), options.L2Numerator, "L2Numerator must be positive");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaximumNumberOfIterations, 1);
        _catalog = catalog;
        _options = options;
    }

    /// <summary>The L2 weight a fit on <paramref name="featureDimension"/> features and <paramref name="classCount"/> classes uses.</summary>
    public double L2For(int featureDimension, int classCount) => _options.L2Numerator / ((double)featureDimension * classCount);

    /// <summary>Counts the classes present, sets L2 = 100 / (M K) and trains.</summary>
    public MulticlassPredictionTransformer<MaximumEntropyModelParameters> Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var feature = KnnColumns.Feature(input.Schema, _options.FeatureColumnName);
        var label = KnnColumns.Label(input.Schema, _options.LabelColumnName);
        var dimension = ((VectorDataViewType)feature.Type).Size;
        var classesPresent = CountClasses(input, label);
        if (classesPresent == 0)
            throw new InvalidDataException($"the training data has no labelled rows (column '{label.Name}')");
        return Stock((float)L2For(dimension, classesPresent)).Fit(input);
    }

    /// <summary>The output shape of LbfgsMaximumEntropy (Score, PredictedLabel).</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema) => Stock(1f).GetOutputSchema(inputSchema);

    private LbfgsMaximumEntropyMulticlassTrainer Stock(float l2) => _catalog.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
    {
        LabelColumnName = _options.LabelColumnName,
        FeatureColumnName = _options.FeatureColumnName,
        L2Regularization = l2,
        L1Regularization = 0,
        MaximumNumberOfIterations = _options.MaximumNumberOfIterations,
        OptimizationTolerance = _options.OptimizationTolerance,
        NumberOfThreads = _options.NumberOfThreads,
    });

    private static int CountClasses(IDataView input, DataViewSchema.Column label)
    {
        var seen = new HashSet<uint>();
        using var cursor = input.GetRowCursor([label]);
        var getLabel = cursor.GetGetter<uint>(label);
        uint key = 0;
        while (cursor.MoveNext())
        {
            getLabel(ref key);
            if (key != 0) seen.Add(key);
        }
        return seen.Count;
    }
}
