namespace RedDino.MLNet.Visualization;

/// <summary>Stages of a UMAP fit, in order.</summary>
public enum UmapStage
{
    /// <summary>Exact k-NN search.</summary>
    Neighbors,
    /// <summary>Smooth k-NN calibration and fuzzy graph.</summary>
    Graph,
    /// <summary>Spectral, PCA or random initialisation.</summary>
    Initialization,
    /// <summary>Layout optimisation; <see cref="UmapProgress.Done"/> counts epochs.</summary>
    Layout,
}

/// <summary>Where a UMAP fit is: a stage and, for the layout, epochs done of the total.</summary>
public readonly record struct UmapProgress(UmapStage Stage, int Done, int Total);
