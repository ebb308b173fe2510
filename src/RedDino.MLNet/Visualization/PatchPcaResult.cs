using RedDino.Formats.Imaging;

namespace RedDino.MLNet.Visualization;

/// <summary>The patch-token PCA of one image: component values and colour per patch, and the picture.</summary>
public sealed class PatchPcaResult
{
    internal PatchPcaResult(PatchTokenGrid grid, int components, double[] scores, byte[] colours, double[] explainedVarianceRatio,
        bool[]? foreground, double[]? maskScore)
    {
        Grid = grid;
        Components = components;
        Scores = scores;
        Colours = colours;
        ExplainedVarianceRatio = explainedVarianceRatio;
        Foreground = foreground;
        MaskScore = maskScore;
    }

    /// <summary>The tokens the PCA was fitted on (positions, sizes).</summary>
    public PatchTokenGrid Grid { get; }

    /// <summary>Components K per patch.</summary>
    public int Components { get; }

    /// <summary>[M, K] row-major component values in the grid's patch order; NaN for masked background patches.</summary>
    public double[] Scores { get; }

    /// <summary>[M, 3] RGB bytes per patch (black for the background when masked).</summary>
    public byte[] Colours { get; }

    /// <summary>[K] fraction of the variance along each component (of the foreground PCA when masked).</summary>
    public double[] ExplainedVarianceRatio { get; }

    /// <summary>[M] true for foreground patches, or null without the background mask.</summary>
    public bool[]? Foreground { get; }

    /// <summary>[M] the first PCA's pc1, oriented darker-is-higher and min-max scaled to [0, 1], that the mask
    /// thresholds; null without the mask.</summary>
    public double[]? MaskScore { get; }

    /// <summary>The picture at image size: every pixel takes the colour of the patch that covers it.</summary>
    public RgbImage Render()
    {
        var (width, height, tile, patch, g) = (Grid.ImageWidth, Grid.ImageHeight, Grid.TileSize, Grid.PatchSize, Grid.GridSize);
        var pixels = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                var index = Grid.PatchIndex(y / tile, x / tile, y % tile / patch, x % tile / patch);
                Array.Copy(Colours, index * 3, pixels, (y * width + x) * 3, 3);
            }
        return new RgbImage(width, height, pixels);
    }
}
