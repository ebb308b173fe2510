namespace RedDino.MLNet.Visualization;

/// <summary>Settings of <see cref="PatchPca"/>.</summary>
public sealed class PatchPcaOptions
{
    /// <summary>Principal components computed per patch (at least 3: the first three become R, G, B).</summary>
    public int Components { get; init; } = 3;

    /// <summary>Mask the background as DINOv2's patch-PCA demo does: threshold the first component, then fit a
    /// second PCA on the foreground patches only (the background is drawn black).</summary>
    public bool MaskBackground { get; init; }

    /// <summary>Threshold on the first component scaled to [0, 1] over the image (min-max), oriented so that darker
    /// patches score higher; patches above it are foreground.</summary>
    public double BackgroundThreshold { get; init; } = 0.5;

    /// <summary>Percentile mapped to colour value 0, per component (robust to outlying patches).</summary>
    public double LowPercentile { get; init; } = 1;

    /// <summary>Percentile mapped to colour value 255, per component.</summary>
    public double HighPercentile { get; init; } = 99;

    internal void Validate(int dim)
    {
        if (Components < 3 || Components > dim)
            throw new ArgumentOutOfRangeException(nameof(Components), Components, $"must be in 3..{dim} (the token dimension)");
        if (!(BackgroundThreshold is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(BackgroundThreshold), BackgroundThreshold, "must be in [0, 1]");
        if (!(LowPercentile >= 0 && LowPercentile < HighPercentile && HighPercentile <= 100))
            throw new ArgumentOutOfRangeException(nameof(LowPercentile), $"percentiles {LowPercentile}, {HighPercentile} must satisfy 0 <= low < high <= 100");
    }
}
