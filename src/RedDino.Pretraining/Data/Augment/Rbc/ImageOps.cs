using OpenCvSharp;

namespace RedDino.Pretraining.Data.Augment.Rbc;

/// <summary>Helpers the transforms share: 256-entry lookup tables with albumentations' uint8
/// semantics (clip to [0, 255] then truncate, as numpy's astype(uint8) after np.clip), 2-D
/// filtering with OpenCV's defaults (BORDER_REFLECT_101, saturating uint8 output), colour-space
/// round trips, and raw pixel access.</summary>
internal static class ImageOps
{
    /// <summary>Applies f to every channel value through a lookup table: clip(f(v), 0, 255), truncated.</summary>
    public static Mat Lut(Mat rgb, Func<int, double> f)
    {
        using var table = LutTable(f);
        var dst = new Mat();
        Cv2.LUT(rgb, table, dst);
        return dst;
    }

    /// <summary>One table per channel (RGB order).</summary>
    public static Mat LutPerChannel(Mat rgb, Func<int, int, double> f)
    {
        var channels = rgb.Split();
        try
        {
            for (var c = 0; c < 3; c++)
            {
                var channel = c;
                using var table = LutTable(v => f(channel, v));
                var mapped = new Mat();
                Cv2.LUT(channels[c], table, mapped);
                channels[c].Dispose();
                channels[c] = mapped;
            }
            var dst = new Mat();
            Cv2.Merge(channels, dst);
            return dst;
        }
        finally
        {
            foreach (var ch in channels) ch.Dispose();
        }
    }

    public static Mat LutTable(Func<int, double> f)
    {
        var values = new byte[256];
        for (var v = 0; v < 256; v++)
            values[v] = ToByteTruncate(f(v));
        var table = new Mat(1, 256, MatType.CV_8UC1);
        table.SetArray(values);
        return table;
    }

    public static byte ToByteTruncate(double x) => double.IsNaN(x) ? (byte)0 : (byte)Math.Clamp(Math.Floor(x), 0, 255);

    public static byte ToByteRound(double x) => (byte)Math.Clamp(Math.Round(x, MidpointRounding.ToEven), 0, 255);

    /// <summary>cv2.filter2D(img, -1, kernel): correlation, BORDER_REFLECT_101, uint8 saturated.</summary>
    public static Mat Filter(Mat rgb, float[,] kernel)
    {
        using var k = Mat.FromArray(kernel);
        var dst = new Mat();
        Cv2.Filter2D(rgb, dst, -1, k);
        return dst;
    }

    public static Mat Convert(Mat src, ColorConversionCodes code)
    {
        var dst = new Mat();
        Cv2.CvtColor(src, dst, code);
        return dst;
    }

    /// <summary>A continuous copy of the pixels as bytes (row-major, interleaved channels).</summary>
    public static byte[] Bytes(Mat m)
    {
        using var c = m.Clone(); // a clone is continuous
        var bytes = new byte[c.Total() * c.ElemSize()];
        System.Runtime.InteropServices.Marshal.Copy(c.Data, bytes, 0, bytes.Length);
        return bytes;
    }

    /// <summary>A new Mat of the given shape and type from raw bytes.</summary>
    public static Mat FromBytes(byte[] bytes, int rows, int cols, MatType type)
    {
        var m = new Mat(rows, cols, type);
        System.Runtime.InteropServices.Marshal.Copy(bytes, 0, m.Data, bytes.Length);
        return m;
    }

    public static float[] Floats(Mat m)
    {
        using var c = m.Clone();
        var values = new float[c.Total() * c.Channels()];
        System.Runtime.InteropServices.Marshal.Copy(c.Data, values, 0, values.Length);
        return values;
    }

    public static Mat FromFloats(float[] values, int rows, int cols, int channels)
    {
        var m = new Mat(rows, cols, MatType.CV_32FC(channels));
        System.Runtime.InteropServices.Marshal.Copy(values, 0, m.Data, values.Length);
        return m;
    }

    /// <summary>A random odd kernel size in [min, max] (random.choice over range(min, max + 1, 2)).</summary>
    public static int OddSize(IUniformSource rng, int min, int max)
    {
        var count = (max - min) / 2 + 1;
        return min + 2 * Math.Min((int)(rng.NextDouble() * count), count - 1);
    }
}
