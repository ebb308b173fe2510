namespace RedDino.Pretraining.Data.Imaging;

/// <summary>cv2.getGaussianKernel and GaussianBlur's size/sigma rules: with sigma &lt;= 0 an odd
/// size up to 7 takes OpenCV's fixed binomial-like tables, a larger one sigma =
/// 0.3 ((size - 1) / 2 - 1) + 0.8; a size of 0 comes from sigma (round(sigma 3 2 + 1) | 1 for
/// 8-bit images, 4 instead of 3 for float ones).</summary>
internal static class GaussianKernel
{
    private static readonly float[][] SmallKernels =
    [
        [1f],
        [0.25f, 0.5f, 0.25f],
        [0.0625f, 0.25f, 0.375f, 0.25f, 0.0625f],
        [0.03125f, 0.109375f, 0.21875f, 0.28125f, 0.21875f, 0.109375f, 0.03125f],
    ];

    public static float[] Create(int size, double sigma)
    {
        if (size < 1 || size % 2 == 0)
            throw new ArgumentOutOfRangeException(nameof(size), $"Gaussian kernel size {size} must be odd and positive");
        if (sigma <= 0 && size <= 7)
            return (float[])SmallKernels[size / 2].Clone();
        var s = sigma > 0 ? sigma : 0.3 * ((size - 1) * 0.5 - 1) + 0.8;
        var scale = -0.5 / (s * s);
        var kernel = new float[size];
        double sum = 0;
        for (var i = 0; i < size; i++)
        {
            var x = i - (size - 1) * 0.5;
            kernel[i] = (float)Math.Exp(scale * x * x);
            sum += kernel[i];
        }
        for (var i = 0; i < size; i++)
            kernel[i] = (float)(kernel[i] / sum);
        return kernel;
    }

    /// <summary>The kernel size GaussianBlur derives from sigma when it is given none.</summary>
    public static int SizeFor(double sigma, bool eightBit) => ((int)Math.Round(sigma * (eightBit ? 3 : 4) * 2 + 1)) | 1;
}
