using RedDino.Formats.Imaging;
using RedDino.Pretraining.Data.Imaging;

namespace RedDino.Pretraining.Data.Augment.Rbc;

/// <summary>Value and channel transforms (albumentations 1.3 defaults).</summary>
internal static class PixelTransforms
{
    /// <summary>InvertImg: 255 - x.</summary>
    public static RgbImage Invert(RgbImage rgb, IUniformSource rng) => ImageOps.Lut(rgb, v => 255 - v);

    /// <summary>Solarize(threshold 128): values &gt;= 128 become 255 - x.</summary>
    public static RgbImage Solarize(RgbImage rgb, IUniformSource rng) => ImageOps.Lut(rgb, v => v >= 128 ? 255 - v : v);

    /// <summary>Posterize(num_bits 4): keeps the 4 high bits.</summary>
    public static RgbImage Posterize(RgbImage rgb, IUniformSource rng) => ImageOps.Lut(rgb, v => v & 0xF0);

    /// <summary>ChannelShuffle: a random permutation of the three channels.</summary>
    public static RgbImage ChannelShuffle(RgbImage rgb, IUniformSource rng)
    {
        var order = new List<int> { 0, 1, 2 };
        rng.Shuffle(order);
        var src = rgb.Pixels;
        var dst = new byte[src.Length];
        for (var i = 0; i < src.Length; i += 3)
        {
            dst[i] = src[i + order[0]];
            dst[i + 1] = src[i + order[1]];
            dst[i + 2] = src[i + order[2]];
        }
        return new RgbImage(rgb.Width, rgb.Height, dst);
    }

    /// <summary>ChannelDropout(channel_drop_range (1, 1), fill 0): one random channel set to 0.</summary>
    public static RgbImage ChannelDropout(RgbImage rgb, IUniformSource rng)
    {
        var drop = rng.RandInt(0, 2);
        return ImageOps.LutPerChannel(rgb, (c, v) => c == drop ? 0 : v);
    }

    /// <summary>MultiplicativeNoise(0.9-1.1), one multiplier for the whole image.</summary>
    public static RgbImage MultiplicativeNoise(RgbImage rgb, IUniformSource rng)
    {
        var m = rng.Uniform(0.9, 1.1);
        return ImageOps.Lut(rgb, v => v * m);
    }

    /// <summary>Downscale(0.25, nearest): shrink by 4 and enlarge back, both nearest-neighbour.</summary>
    public static RgbImage Downscale(RgbImage rgb, IUniformSource rng)
    {
        var small = Resize.NearestByFactor(rgb, 0.25);
        return Resize.Nearest(small, rgb.Width, rgb.Height).ToRgb();
    }

    /// <summary>ImageCompression(JPEG quality 99-100): encode and decode.</summary>
    public static RgbImage ImageCompression(RgbImage rgb, IUniformSource rng)
    {
        var quality = rng.RandInt(99, 100);
        return JpegRoundTrip.Apply(rgb, quality);
    }

    /// <summary>Equalize(mode cv, by_channels): histogram equalisation of each channel.</summary>
    public static RgbImage Equalize(RgbImage rgb, IUniformSource rng)
    {
        Raster image = rgb;
        for (var c = 0; c < 3; c++)
            image = image.WithChannel(c, Histogram.Equalize(image.Channel(c)));
        return image.ToRgb();
    }

    /// <summary>CLAHE(clip limit U(1, 4), 8 x 8 tiles) on the L channel of Lab, as albumentations does for RGB.</summary>
    public static RgbImage Clahe(RgbImage rgb, IUniformSource rng)
    {
        var clip = rng.Uniform(1, 4);
        var lab = LabConversion.RgbToLab(rgb);
        var l = Imaging.Clahe.Apply(lab.Channel(0), clip);
        return LabConversion.LabToRgb(lab.WithChannel(0, l)).ToRgb();
    }
}
