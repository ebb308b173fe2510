using Microsoft.ML;
using RedDino.MLNet.Classifiers;

namespace RedDino.MLNet;

/// <summary>Catalog entry points for the paper's classifiers:
/// <c>mlContext.MulticlassClassification.Trainers.KNearestNeighbors(...)</c> and
/// <c>mlContext.MulticlassClassification.Trainers.RedDinoLinearProbe(...)</c>.</summary>
public static class RedDinoClassifiersCatalog
{
    /// <summary>Exact k-NN with the paper's settings (Euclidean, uniform votes; ties to the smallest class index).</summary>
    /// <param name="catalog">The multiclass trainers catalog.</param>
    /// <param name="numberOfNeighbors">k (the paper reports 1 and 20).</param>
    /// <param name="labelColumnName">Key-typed label column.</param>
    /// <param name="featureColumnName">Embedding column (known-size vector of Single).</param>
    public static KNearestNeighborsTrainer KNearestNeighbors(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        int numberOfNeighbors = 1, string labelColumnName = "Label", string featureColumnName = "Features") =>
        KNearestNeighbors(catalog, numberOfNeighbors, new KNearestNeighborsOptions { LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName });

    /// <summary>Exact k-NN with explicit options (distance, weighting, column names, search blocks).</summary>
    /// <param name="catalog">The multiclass trainers catalog.</param>
    /// <param name="numberOfNeighbors">k.</param>
    /// <param name="options">Everything else.</param>
    public static KNearestNeighborsTrainer KNearestNeighbors(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        int numberOfNeighbors, KNearestNeighborsOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new KNearestNeighborsTrainer(numberOfNeighbors, options);
    }

    /// <summary>The paper's linear probe: LbfgsMaximumEntropy with L2 = 100 / (M K), L1 = 0, at most 1000 iterations.</summary>
    /// <param name="catalog">The multiclass trainers catalog.</param>
    /// <param name="labelColumnName">Key-typed label column.</param>
    /// <param name="featureColumnName">Embedding column (known-size vector of Single).</param>
    public static LinearProbeTrainer RedDinoLinearProbe(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        string labelColumnName = "Label", string featureColumnName = "Features") =>
        RedDinoLinearProbe(catalog, new LinearProbeOptions { LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName });

    /// <summary>The paper's linear probe with explicit options.</summary>
    /// <param name="catalog">The multiclass trainers catalog.</param>
    /// <param name="options">Columns, regularisation numerator, iterations, tolerance, threads.</param>
    public static LinearProbeTrainer RedDinoLinearProbe(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        LinearProbeOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new LinearProbeTrainer(catalog, options);
    }
}
