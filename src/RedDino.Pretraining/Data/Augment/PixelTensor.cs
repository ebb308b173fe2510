using RedDino.Formats.Imaging;

namespace RedDino.Pretraining.Data.Augment;

/// <summary>RGB pixels to a normalised float CHW array: (x / 255 - mean) / std per channel.</summary>
public static class PixelTensor
{
    public static void Write(RgbImage rgb, double[] mean, double[] std, float[] destination, int offset)
    {
        int plane = rgb.Height * rgb.Width;
        if (destination.Length - offset < 3 * plane)
            throw new ArgumentException("destination too small");
        Span<float> scale = stackalloc float[3];
        Span<float> shift = stackalloc float[3];
        for (var c = 0; c < 3; c++)
        {
            scale[c] = (float)(1.0 / (255.0 * std[c]));
            shift[c] = (float)(mean[c] / std[c]);
        }
        var p = rgb.Pixels;
        for (var i = 0; i < plane; i++)
        {
            destination[offset + i] = p[3 * i] * scale[0] - shift[0];
            destination[offset + plane + i] = p[3 * i + 1] * scale[1] - shift[1];
            destination[offset + 2 * plane + i] = p[3 * i + 2] * scale[2] - shift[2];
        }
    }
}
