namespace RedDino.Pretraining.Data;

/// <summary>iBOT block masking on a grid of patches (DINOv2 data/masking.py): rectangles of 4 to
/// max patches with log-uniform aspect ratio in [0.3, 1/0.3] are added until the target count is
/// reached or ten tries add nothing.</summary>
public sealed class MaskingGenerator
{
    private readonly double logAspectMin;
    private readonly double logAspectMax;

    /// <param name="grid">Patches per side (16 for 224 px and patch 14).</param>
    /// <param name="maxPatchesPerBlock">The largest block; the reference uses half the grid (128 of 256).</param>
    public MaskingGenerator(int grid, int minPatchesPerBlock = 4, int? maxPatchesPerBlock = null, double minAspect = 0.3)
    {
        Grid = grid;
        MinPatchesPerBlock = minPatchesPerBlock;
        MaxPatchesPerBlock = maxPatchesPerBlock ?? grid * grid / 2;
        logAspectMin = Math.Log(minAspect);
        logAspectMax = Math.Log(1 / minAspect);
    }

    public int Grid { get; }
    public int MinPatchesPerBlock { get; }
    public int MaxPatchesPerBlock { get; }

    /// <summary>A row-major [grid * grid] mask with about <paramref name="target"/> patches set.</summary>
    public bool[] Generate(int target, IUniformSource rng)
    {
        var mask = new bool[Grid * Grid];
        var count = 0;
        while (count < target)
        {
            var maxPatches = Math.Min(target - count, MaxPatchesPerBlock);
            var delta = AddBlock(mask, maxPatches, rng);
            if (delta == 0) break;
            count += delta;
        }
        return mask;
    }

    private int AddBlock(bool[] mask, int maxPatches, IUniformSource rng)
    {
        var delta = 0;
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var area = rng.Uniform(MinPatchesPerBlock, maxPatches);
            var aspect = Math.Exp(rng.Uniform(logAspectMin, logAspectMax));
            // Python's round(): banker's rounding, as Math.Round's default.
            var h = (int)Math.Round(Math.Sqrt(area * aspect));
            var w = (int)Math.Round(Math.Sqrt(area / aspect));
            if (w < Grid && h < Grid)
            {
                var top = rng.RandInt(0, Grid - h);
                var left = rng.RandInt(0, Grid - w);
                var already = 0;
                for (var i = top; i < top + h; i++)
                    for (var j = left; j < left + w; j++)
                        if (mask[i * Grid + j]) already++;
                var added = h * w - already;
                if (added > 0 && added <= maxPatches)
                {
                    for (var i = top; i < top + h; i++)
                        for (var j = left; j < left + w; j++)
                            if (!mask[i * Grid + j])
                            {
                                mask[i * Grid + j] = true;
                                delta++;
                            }
                }
                if (delta > 0) break;
            }
        }
        return delta;
    }
}
