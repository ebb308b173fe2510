namespace RedDino.MLNet.Evaluation.Analysis;

/// <summary>Every default of the analysis beyond the paper (batch-effect metrics, paired comparisons,
/// bootstrap intervals) in one place.</summary>
public static class AnalysisDefaults
{
    /// <summary>Column holding each row's batch (acquisition source) when none is named.</summary>
    public const string BatchColumn = "source";

    /// <summary>Folds of the source probe's stratified k-fold over the batches (fewer when the smallest batch is smaller, never below 2).</summary>
    public const int SourceProbeFolds = 5;

    /// <summary>Neighbours of the iLISI neighbourhood (scib-metrics' default), capped at n - 1; perplexity = k / 3.</summary>
    public const int IlisiNeighbors = 90;

    /// <summary>iLISI's beta search stops when |H(beta) - log(perplexity)| falls below this.</summary>
    public const double IlisiTolerance = 1e-5;

    /// <summary>iLISI's beta search gives up after this many updates.</summary>
    public const int IlisiMaxIterations = 50;

    /// <summary>Neighbours of the k-NN graph whose per-class connectivity is measured (scib's 15).</summary>
    public const int GraphConnectivityNeighbors = 15;

    /// <summary>Neighbours counted by the robustness index (PathoROB's k = 20).</summary>
    public const int RobustnessNeighbors = 20;

    /// <summary>Bootstrap resamples of the pooled out-of-fold predictions.</summary>
    public const int BootstrapResamples = 1000;

    /// <summary>Seed of the bootstrap's random stream (numpy's legacy RandomState(seed)) when none is given.</summary>
    public const uint BootstrapSeed = 0;

    /// <summary>Coverage of the percentile intervals (2.5th and 97.5th percentiles).</summary>
    public const double ConfidenceLevel = 0.95;
}
