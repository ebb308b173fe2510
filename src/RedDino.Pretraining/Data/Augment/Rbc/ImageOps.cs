using RedDino.Formats.Imaging;
using RedDino.Pretraining.Data.Imaging;

namespace RedDino.Pretraining.Data.Augment.Rbc;

/// <summary>Helpers the transforms share: 256-entry lookup tables with albumentations' uint8
/// semantics (clip to [0, 255] then truncate, as numpy's astype(uint8) after np.clip), 2-D
/// filtering with OpenCV's defaults (BORDER_REFLECT_101, rounded and saturated uint8 output) and
/// the random odd kernel size.</summary>
internal static class ImageOps
{
    /// <summary>Applies f to every channel value through a lookup table: clip(f(v), 0, 255), truncated.</summary>
    public static RgbImage Lut(RgbImage rgb, Func<int, double> f) => Imaging.Lut.Apply(rgb, LutTable(f)).ToRgb();

    /// <summary>One table per channel (RGB order, or the channels of a converted raster).</summary>
    public static Raster LutPerChannel(Raster image, Func<int, int, double> f)
    {
        var tables = new byte[image.Channels][];
        for (var c = 0; c < tables.Length; c++)
        {
            var channel = c;
            tables[c] = LutTable(v => f(channel, v));
        }
        return Imaging.Lut.Apply(image, tables);
    }

    public static RgbImage LutPerChannel(RgbImage rgb, Func<int, int, double> f) => LutPerChannel((Raster)rgb, f).ToRgb();

    public static byte[] LutTable(Func<int, double> f)
    {
        var values = new byte[256];
        for (var v = 0; v < 256; v++)
            values[v] = ToByteTruncate(f(v));
        return values;
    }

    public static byte ToByteTruncate(double x) => double.IsNaN(x) ? (byte)0 : (byte)Math.Clamp(Math.Floor(x), 0, 255);

    /// <summary>cv2.filter2D(img, -1, kernel): correlation, BORDER_REFLECT_101, uint8 saturated.</summary>
    public static RgbImage Filter(RgbImage rgb, float[,] kernel) => Convolution.Filter2D(rgb, kernel).ToRgb();

    /// <summary>A random odd kernel size in [min, max] (random.choice over range(min, max + 1, 2)).</summary>
    public static int OddSize(IUniformSource rng, int min, int max)
    {
        var count = (max - min) / 2 + 1;
        return min + 2 * Math.Min((int)(rng.NextDouble() * count), count - 1);
    }
}
