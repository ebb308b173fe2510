using RedDino.Formats.Imaging;

namespace RedDino.Pretraining.Data.Augment.Rbc;

/// <summary>3 x 3 kernel effects (albumentations 1.3 defaults): (1 - alpha) identity + alpha effect.</summary>
internal static class KernelTransforms
{
    /// <summary>Emboss(alpha 0.2-0.5, strength 0.2-0.7).</summary>
    public static RgbImage Emboss(RgbImage rgb, IUniformSource rng)
    {
        var alpha = rng.Uniform(0.2, 0.5);
        var s = rng.Uniform(0.2, 0.7);
        float[,] effect = { { (float)(-1 - s), (float)-s, 0 }, { (float)-s, 1, (float)s }, { 0, (float)s, (float)(1 + s) } };
        return ImageOps.Filter(rgb, Blend(alpha, effect));
    }

    /// <summary>Sharpen(alpha 0.2-0.5, lightness 0.5-1).</summary>
    public static RgbImage Sharpen(RgbImage rgb, IUniformSource rng)
    {
        var alpha = rng.Uniform(0.2, 0.5);
        var lightness = rng.Uniform(0.5, 1.0);
        float[,] effect = { { -1, -1, -1 }, { -1, (float)(8 + lightness), -1 }, { -1, -1, -1 } };
        return ImageOps.Filter(rgb, Blend(alpha, effect));
    }

    private static float[,] Blend(double alpha, float[,] effect)
    {
        var kernel = new float[3, 3];
        for (var y = 0; y < 3; y++)
            for (var x = 0; x < 3; x++)
                kernel[y, x] = (float)((1 - alpha) * (x == 1 && y == 1 ? 1 : 0) + alpha * effect[y, x]);
        return kernel;
    }
}
