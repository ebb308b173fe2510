using OpenCvSharp;

namespace RedDino.Pretraining.Data.Augment.Rbc;

/// <summary>Value and channel transforms (albumentations 1.3 defaults).</summary>
internal static class PixelTransforms
{
    /// <summary>InvertImg: 255 - x.</summary>
    public static Mat Invert(Mat rgb, IUniformSource rng) => ImageOps.Lut(rgb, v => 255 - v);

    /// <summary>Solarize(threshold 128): values &gt;= 128 become 255 - x.</summary>
    public static Mat Solarize(Mat rgb, IUniformSource rng) => ImageOps.Lut(rgb, v => v >= 128 ? 255 - v : v);

    /// <summary>Posterize(num_bits 4): keeps the 4 high bits.</summary>
    public static Mat Posterize(Mat rgb, IUniformSource rng) => ImageOps.Lut(rgb, v => v & 0xF0);

    /// <summary>ChannelShuffle: a random permutation of the three channels.</summary>
    public static Mat ChannelShuffle(Mat rgb, IUniformSource rng)
    {
        var order = new List<int> { 0, 1, 2 };
        rng.Shuffle(order);
        var channels = rgb.Split();
        try
        {
            var dst = new Mat();
            Cv2.Merge([channels[order[0]], channels[order[1]], channels[order[2]]], dst);
            return dst;
        }
        finally
        {
            foreach (var c in channels) c.Dispose();
        }
    }

    /// <summary>ChannelDropout(channel_drop_range (1, 1), fill 0): one random channel set to 0.</summary>
    public static Mat ChannelDropout(Mat rgb, IUniformSource rng)
    {
        var drop = rng.RandInt(0, 2);
        return ImageOps.LutPerChannel(rgb, (c, v) => c == drop ? 0 : v);
    }

    /// <summary>MultiplicativeNoise(0.9-1.1), one multiplier for the whole image.</summary>
    public static Mat MultiplicativeNoise(Mat rgb, IUniformSource rng)
    {
        var m = rng.Uniform(0.9, 1.1);
        return ImageOps.Lut(rgb, v => v * m);
    }

    /// <summary>Downscale(0.25, nearest): shrink by 4 and enlarge back, both nearest-neighbour.</summary>
    public static Mat Downscale(Mat rgb, IUniformSource rng)
    {
        using var small = new Mat();
        Cv2.Resize(rgb, small, new Size(), 0.25, 0.25, InterpolationFlags.Nearest);
        var dst = new Mat();
        Cv2.Resize(small, dst, rgb.Size(), 0, 0, InterpolationFlags.Nearest);
        return dst;
    }

    /// <summary>ImageCompression(JPEG quality 99-100): encode and decode (through BGR, JPEG's own order).</summary>
    public static Mat ImageCompression(Mat rgb, IUniformSource rng)
    {
        var quality = rng.RandInt(99, 100);
        using var bgr = ImageOps.Convert(rgb, ColorConversionCodes.RGB2BGR);
        Cv2.ImEncode(".jpg", bgr, out var bytes, new ImageEncodingParam(ImwriteFlags.JpegQuality, quality));
        using var decoded = Cv2.ImDecode(bytes, ImreadModes.Color);
        return ImageOps.Convert(decoded, ColorConversionCodes.BGR2RGB);
    }

    /// <summary>Equalize(mode cv, by_channels): histogram equalisation of each channel.</summary>
    public static Mat Equalize(Mat rgb, IUniformSource rng)
    {
        var channels = rgb.Split();
        try
        {
            for (var c = 0; c < 3; c++)
            {
                var eq = new Mat();
                Cv2.EqualizeHist(channels[c], eq);
                channels[c].Dispose();
                channels[c] = eq;
            }
            var dst = new Mat();
            Cv2.Merge(channels, dst);
            return dst;
        }
        finally
        {
            foreach (var c in channels) c.Dispose();
        }
    }

    /// <summary>CLAHE(clip limit U(1, 4), 8 x 8 tiles) on the L channel of Lab, as albumentations does for RGB.</summary>
    public static Mat Clahe(Mat rgb, IUniformSource rng)
    {
        var clip = rng.Uniform(1, 4);
        using var lab = ImageOps.Convert(rgb, ColorConversionCodes.RGB2Lab);
        var channels = lab.Split();
        try
        {
            using var clahe = Cv2.CreateCLAHE(clip, new Size(8, 8));
            var l = new Mat();
            clahe.Apply(channels[0], l);
            channels[0].Dispose();
            channels[0] = l;
            using var merged = new Mat();
            Cv2.Merge(channels, merged);
            return ImageOps.Convert(merged, ColorConversionCodes.Lab2RGB);
        }
        finally
        {
            foreach (var c in channels) c.Dispose();
        }
    }
}
