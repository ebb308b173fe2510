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
        var rgba = image.ToRgba();
        using var bitmap = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        Marshal.Copy(rgba, 0, bitmap.GetPixels(), rgba.Length);
        using var encoded = bitmap.Encode(SKEncodedImageFormat.Png, 100)
            ?? throw new InvalidOperationException($"{path}: SkiaSharp could not encode the PNG");
        AtomicFile.Write(path, encoded.SaveTo);
    }
}
