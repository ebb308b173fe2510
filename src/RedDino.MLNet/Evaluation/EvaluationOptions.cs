using RedDino.MLNet.Classifiers;

namespace RedDino.MLNet.Evaluation;

/// <summary>What <see cref="EmbeddingEvaluator"/> runs: a protocol and a set of classifiers.</summary>
public sealed class EvaluationOptions
{
    /// <summary>Stratified 5-fold by default.</summary>
    public EvaluationProtocol Protocol = EvaluationProtocol.KFold();

    /// <summary>Classifiers in report order (default: linear_probe, knn_1, knn_20).</summary>
    public IReadOnlyList<ClassifierSpec> Classifiers = ClassifierSpec.ParseList(EvaluationDefaults.Classifiers);

    /// <summary>k-NN distance, weighting and search blocks (defaults: the paper's Euclidean, uniform).</summary>
    public KNearestNeighborsOptions KNearestNeighbors = new();

    /// <summary>Linear-probe settings (defaults: the paper's).</summary>
    public LinearProbeOptions LinearProbe = new();

    /// <summary>Subtract the training fold's mean embedding (float64) from train and test features before
    /// the linear probe (default true). The intercept is not penalised, so this changes neither the
    /// optimum's weights nor its predictions (the intercept absorbs W·mean); it only lets ML.NET's float32
    /// L-BFGS reach that optimum on raw embeddings whose features have large means (e.g. post-ReLU CNN
    /// features, where it otherwise stops about 1% above the optimal objective). k-NN always sees raw features.</summary>
    public bool CenterLinearProbeFeatures = true;

    /// <summary>Receives non-fatal warnings (a class smaller than the fold count); null writes them to the
    /// evaluator's <c>MLContext.Log</c>. They are also kept in <see cref="BackboneEvaluation.Warnings"/>.</summary>
    public Action<string>? Warn;
}

/// <summary>Progress of an evaluation: <paramref name="Done"/> of <paramref name="Total"/> (classifier, split) fits.</summary>
/// <param name="Backbone">Backbone being evaluated.</param>
/// <param name="Classifier">Classifier just finished.</param>
/// <param name="Split">Split just finished.</param>
/// <param name="Done">Fits finished so far.</param>
/// <param name="Total">Fits in all.</param>
public sealed record EvaluationProgress(string Backbone, string Classifier, int Split, int Done, int Total);
