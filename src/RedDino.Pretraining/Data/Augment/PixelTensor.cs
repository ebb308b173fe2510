using OpenCvSharp;

namespace RedDino.Pretraining.Data.Augment;

/// <summary>RGB 8UC3 pixels to a normalised float CHW array: (x / 255 - mean) / std per channel.</summary>
public static class PixelTensor
{
    public static void Write(Mat rgb, double[] mean, double[] std, float[] destination, int offset)
    {
        if (rgb.Type() != MatType.CV_8UC3)
            throw new ArgumentException($"expected an 8-bit RGB image, got {rgb.Type()}");
        int h = rgb.Height, w = rgb.Width, plane = h * w;
        if (destination.Length - offset < 3 * plane)
            throw new ArgumentException("destination too small");
        var scale = new float[3];
        var shift = new float[3];
        for (var c = 0; c < 3; c++)
        {
            scale[c] = (float)(1.0 / (255.0 * std[c]));
            shift[c] = (float)(mean[c] / std[c]);
        }
        using var continuous = rgb.IsContinuous() ? null : rgb.Clone();
        var source = continuous ?? rgb;
        unsafe
        {
            var p = (byte*)source.DataPointer;
            for (var i = 0; i < plane; i++)
            {
                destination[offset + i] = p[3 * i] * scale[0] - shift[0];
                destination[offset + plane + i] = p[3 * i + 1] * scale[1] - shift[1];
                destination[offset + 2 * plane + i] = p[3 * i + 2] * scale[2] - shift[2];
            }
        }
    }
}
