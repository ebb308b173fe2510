using RedDino.Formats.Imaging;
using RedDino.Pretraining.Data.Sources;
using RedDino.Tests.Shared;

namespace RedDino.Pretraining.Tests.Data;

/// <summary>Small images and measurements the augmentation tests share.</summary>
internal static class ImageTestHelpers
{
    private static readonly Lazy<RgbImage> FullCellLazy = new(() => ImageFiles.ReadRgb(RepoPaths.Fixture("backbone", "images", "cell_1.png")));

    /// <summary>A real red cell on its background, 224 x 224.</summary>
    public static RgbImage FullCell => FullCellLazy.Value;

    /// <summary>The 96 x 96 middle of <see cref="FullCell"/>.</summary>
    public static RgbImage Cell => ImageFiles.CropReplicate(FullCell, new(60, 60, 96, 96));

    public static RgbImage Flat(int width, int height, byte r, byte g, byte b)
    {
        var pixels = new byte[width * height * 3];
        for (var i = 0; i < pixels.Length; i += 3)
            (pixels[i], pixels[i + 1], pixels[i + 2]) = (r, g, b);
        return new RgbImage(width, height, pixels);
    }

    public static List<byte[]> Channels(RgbImage m) =>
        Enumerable.Range(0, 3).Select(c => m.Pixels.Where((_, i) => i % 3 == c).ToArray()).ToList();

    public static double Mean(RgbImage m) => m.Pixels.Average(v => (double)v) * 3;

    /// <summary>The standard deviation of the 4-neighbour Laplacian over all channels (interior pixels).</summary>
    public static double Roughness(RgbImage m)
    {
        var values = new List<double>();
        int w = m.Width, h = m.Height;
        for (var y = 1; y < h - 1; y++)
            for (var x = 1; x < w - 1; x++)
                for (var c = 0; c < 3; c++)
                {
                    int At(int dx, int dy) => m.Pixels[((y + dy) * w + x + dx) * 3 + c];
                    values.Add(At(-1, 0) + At(1, 0) + At(0, -1) + At(0, 1) - 4 * At(0, 0));
                }
        var mean = values.Average();
        return Math.Sqrt(values.Average(v => (v - mean) * (v - mean)));
    }
}
