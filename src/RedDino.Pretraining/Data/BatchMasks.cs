namespace RedDino.Pretraining.Data;

/// <summary>The masks of one batch of 2B global crops (DINOv2 data/collate.py): int(n p) images
/// get a mask, image i of those int(N U(r_i, r_{i+1})) patches with r = linspace(min, max, n p + 1);
/// the others none; then the order is shuffled.</summary>
public sealed record BatchMasks(bool[][] Masks, int UpperBound)
{
    public int Images => Masks.Length;
    public int MaskedPatches => Masks.Sum(m => m.Count(x => x));

    public static BatchMasks Generate(int images, MaskingGenerator generator, IUniformSource rng,
        double probability = 0.5, double ratioMin = 0.1, double ratioMax = 0.5)
    {
        var tokens = generator.Grid * generator.Grid;
        var maskedImages = (int)(images * probability);
        var ratios = Linspace(ratioMin, ratioMax, maskedImages + 1);
        var masks = new List<bool[]>(images);
        var upperBound = 0;
        for (var i = 0; i < maskedImages; i++)
        {
            masks.Add(generator.Generate((int)(tokens * rng.Uniform(ratios[i], ratios[i + 1])), rng));
            upperBound += (int)(tokens * ratios[i + 1]);
        }
        for (var i = maskedImages; i < images; i++)
            masks.Add(generator.Generate(0, rng));
        rng.Shuffle(masks);
        return new BatchMasks([.. masks], upperBound);
    }

    // numpy.linspace: start + i * step, the last value exactly the end.
    private static double[] Linspace(double start, double end, int count)
    {
        var values = new double[count];
        var step = count > 1 ? (end - start) / (count - 1) : 0;
        for (var i = 0; i < count; i++)
            values[i] = start + i * step;
        if (count > 1) values[^1] = end;
        return values;
    }
}
