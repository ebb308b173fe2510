namespace RedDino.Formats.Metrics;

/// <summary>The paper's three headline metrics, in the order reports show them.</summary>
public enum HeadlineMetric
{
    /// <summary>Support-weighted F1 (the paper's main table).</summary>
    WeightedF1,

    /// <summary>Accuracy.</summary>
    Accuracy,

    /// <summary>Balanced accuracy (mean recall over the classes present).</summary>
    BalancedAccuracy,
}
