namespace RedDino.MLNet.Evaluation;

/// <summary>Every default of the evaluation protocol, in one place (docs/reference/evaluation-protocol.md).</summary>
public static class EvaluationDefaults
{
    /// <summary>Stratified k-fold fold count (the paper: five-fold CV on Chula and DSE).</summary>
    public const int Folds = 5;

    /// <summary>Column that leave-one-source-out groups by.</summary>
    public const string GroupColumn = "source";

    /// <summary>Classifiers the paper reports: linear probe, 1-NN and 20-NN.</summary>
    public static IReadOnlyList<string> Classifiers { get; } = ["linear_probe", "knn_1", "knn_20"];

    /// <summary>Linear-probe L2 numerator: l2 = 100 / (M * K), M = feature dimension, K = classes in the training fold.</summary>
    public const double LinearProbeL2Numerator = 100.0;

    /// <summary>Linear-probe iteration cap (scikit-learn's max_iter=1000 in the reference code).</summary>
    public const int LinearProbeMaxIterations = 1000;

    /// <summary>Linear-probe L-BFGS tolerance: ML.NET stops when the mean relative improvement of
    /// the objective over 5 iterations falls below it (its default is 1e-7).</summary>
    public const float LinearProbeTolerance = 1e-8f;
}
