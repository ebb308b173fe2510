using RedDino.MLNet.Classifiers;

namespace RedDino.MLNet.Evaluation.Analysis;

/// <summary>Settings of the analysis beyond the paper (<see cref="EvaluationAnalyzer"/>,
/// <see cref="BatchEffectAnalyzer"/>). The defaults are the documented definitions; change them only
/// to explore.</summary>
public sealed class AnalysisOptions
{
    /// <summary>Bootstrap resamples of the pooled out-of-fold predictions (default 1,000).</summary>
    public int BootstrapResamples { get; init; } = AnalysisDefaults.BootstrapResamples;

    /// <summary>Seed of the bootstrap's random stream (numpy's legacy <c>RandomState(seed)</c>; record it with the run).</summary>
    public uint BootstrapSeed { get; init; } = AnalysisDefaults.BootstrapSeed;

    /// <summary>Coverage of the percentile intervals (default 0.95: the 2.5th and 97.5th percentiles).</summary>
    public double ConfidenceLevel { get; init; } = AnalysisDefaults.ConfidenceLevel;

    /// <summary>iLISI neighbourhood size before capping at n - 1 (default 90).</summary>
    public int IlisiNeighbors { get; init; } = AnalysisDefaults.IlisiNeighbors;

    /// <summary>Neighbours per row of the graph-connectivity k-NN graph (default 15).</summary>
    public int GraphConnectivityNeighbors { get; init; } = AnalysisDefaults.GraphConnectivityNeighbors;

    /// <summary>Neighbours per row counted by the robustness index (default 20).</summary>
    public int RobustnessNeighbors { get; init; } = AnalysisDefaults.RobustnessNeighbors;

    /// <summary>Source-probe settings (default: the paper's linear probe; use the evaluation's own).</summary>
    public LinearProbeOptions LinearProbe { get; init; } = new();

    /// <summary>Centre the source probe's features on each training fold's mean, as the evaluator does for
    /// the class probe (<see cref="EvaluationOptions.CenterLinearProbeFeatures"/>; default true).</summary>
    public bool CenterLinearProbeFeatures { get; init; } = true;

    /// <summary>Tuning of the exact neighbour search (never changes results).</summary>
    public NeighborSearchOptions? NeighborSearch { get; init; }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(BootstrapResamples, 1, nameof(BootstrapResamples));
        if (!(ConfidenceLevel > 0 && ConfidenceLevel < 1))
            throw new ArgumentOutOfRangeException(nameof(ConfidenceLevel), ConfidenceLevel, "must be between 0 and 1");
        ArgumentOutOfRangeException.ThrowIfLessThan(IlisiNeighbors, 1, nameof(IlisiNeighbors));
        ArgumentOutOfRangeException.ThrowIfLessThan(GraphConnectivityNeighbors, 1, nameof(GraphConnectivityNeighbors));
        ArgumentOutOfRangeException.ThrowIfLessThan(RobustnessNeighbors, 1, nameof(RobustnessNeighbors));
        ArgumentNullException.ThrowIfNull(LinearProbe, nameof(LinearProbe));
    }
}
