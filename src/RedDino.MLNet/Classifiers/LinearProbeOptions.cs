using RedDino.MLNet.Evaluation;

namespace RedDino.MLNet.Classifiers;

/// <summary>Settings of <see cref="LinearProbeTrainer"/>. Defaults reproduce the reference linear probe:
/// scikit-learn <c>LogisticRegression(multi_class="multinomial", solver="lbfgs", max_iter=1000,
/// C=1/l2)</c> with l2 = 100 / (M K) (docs/reference/evaluation-protocol.md).</summary>
public sealed class LinearProbeOptions
{
    /// <summary>Key-typed label column.</summary>
    public string LabelColumnName = "Label";

    /// <summary>Known-size vector of Single: the raw embeddings (no normalisation, as the reference).</summary>
    public string FeatureColumnName = "Features";

    /// <summary>l2 = L2Numerator / (M K), M = feature dimension, K = classes present in the training data.</summary>
    public double L2Numerator = EvaluationDefaults.LinearProbeL2Numerator;

    /// <summary>L-BFGS iteration cap.</summary>
    public int MaximumNumberOfIterations = EvaluationDefaults.LinearProbeMaxIterations;

    /// <summary>ML.NET's OptimizationTolerance (mean relative objective improvement over 5 iterations).</summary>
    public float OptimizationTolerance = EvaluationDefaults.LinearProbeTolerance;

    /// <summary>Threads for the gradient; null = ML.NET's default (all cores).</summary>
    public int? NumberOfThreads;
}
