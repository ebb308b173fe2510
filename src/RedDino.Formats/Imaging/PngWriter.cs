using System.Runtime.InteropServices;
using SkiaSharp;
using RedDino.Formats.IO;

namespace RedDino.Formats.Imaging;

/// <summary>Writes an <see cref="RgbImage"/> as PNG: lossless, so a crop file written here decodes back to
/// exactly the pixels that were cut (the bundled sample's crops are made this way).</summary>
public static class PngWriter
{
    /// <summary>Encodes <paramref name="image"/> to <paramref name="path"/>, creating its folder.</summary>
    public static void Save(RgbImage image, string path)
    {
        // Skia has no 3-byte colour type: widen [H, W, 3] to opaque RGBA.
        var rgba = new byte[image.Width * image.Height * 4];
        var rgb = image.Pixels;
        for (int i = 0, j = 0; i < rgb.Length; i += 3, j += 4)
        {
            rgba[j] = rgb[i];
            rgba[j + 1] = rgb[i + 1];
            rgba[j + 2] = rgb[i + 2];
            rgba[j + 3] = 255;
        }
        using var bitmap = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        Marshal.Copy(rgba, 0, bitmap.GetPixels(), rgba.Length);
        using var encoded = bitmap.Encode(SKEncodedImageFormat.Png, 100)
            ?? throw new InvalidOperationException($"{path}: SkiaSharp could not encode the PNG");
        AtomicFile.Write(path, encoded.SaveTo);
    }
}
