using RedDino.Formats.Imaging;
using SkiaSharp;

namespace RedDino.Pretraining.Data.Imaging;

/// <summary>Encodes an RGB image as JPEG at a quality and decodes it again (ImageCompression),
/// with SkiaSharp's codec (libjpeg-turbo, 4:2:0 chroma subsampling, as OpenCV's imencode by
/// default) and the project's decoder.</summary>
internal static class JpegRoundTrip
{
    public static unsafe RgbImage Apply(RgbImage rgb, int quality)
    {
        // Skia encodes from 32-bit pixels: RGBX with an opaque alpha.
        var rgba = new byte[rgb.Width * rgb.Height * 4];
        for (int i = 0, o = 0; i < rgb.Pixels.Length; i += 3, o += 4)
        {
            rgba[o] = rgb.Pixels[i];
            rgba[o + 1] = rgb.Pixels[i + 1];
            rgba[o + 2] = rgb.Pixels[i + 2];
            rgba[o + 3] = 255;
        }
        var info = new SKImageInfo(rgb.Width, rgb.Height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        var options = new SKJpegEncoderOptions(quality, SKJpegEncoderDownsample.Downsample420, SKJpegEncoderAlphaOption.Ignore);
        fixed (byte* pixels = rgba)
        {
            using var pixmap = new SKPixmap(info, (IntPtr)pixels);
            using var data = pixmap.Encode(options)
                ?? throw new InvalidOperationException($"JPEG encoding of a {rgb.Width}x{rgb.Height} image failed");
            return ImageDecoder.Decode(data.AsSpan(), "image_compression round trip");
        }
    }
}
