using SkiaSharp;

namespace RedDino.Formats.Imaging;

/// <summary>JPEG, PNG, BMP, GIF and WebP through SkiaSharp's codecs, without colour management, as
/// PIL reads them. Pixels come out unpremultiplied; the alpha channel is then dropped, which is what
/// PIL's <c>convert("RGB")</c> does to RGBA, LA and palette images (no compositing on a background).
/// Grey images come out with R = G = B, as PIL's L -> RGB conversion gives.</summary>
internal static class SkiaImageDecoder
{
    /// <summary>The size the header declares (not checked against a limit).</summary>
    public static (int Width, int Height) ReadSize(ReadOnlySpan<byte> data, string sourceName)
    {
        using var skData = SKData.CreateCopy(data);
        using var codec = OpenCodec(skData, sourceName);
        return (codec.Info.Width, codec.Info.Height);
    }

    public static RgbImage Decode(ReadOnlySpan<byte> data, string sourceName, long maxPixels)
    {
        using var skData = SKData.CreateCopy(data);
        using var codec = OpenCodec(skData, sourceName);
        var size = codec.Info;
        // The header's size is checked before the [H, W, 4] buffer exists: SKImageInfo.BytesSize is an
        // int and wraps for bombs, which made GetPixels write past a too-small array.
        ImageLimits.CheckImage(size.Width, size.Height, maxPixels, sourceName);
        // No colour space on the target: Skia then copies the encoded values without conversion.
        var info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var rgba = new byte[checked((long)size.Width * size.Height * 4)];
        var result = codec.GetPixels(info, rgba);
        if (result != SKCodecResult.Success)
            throw new InvalidDataException(result == SKCodecResult.IncompleteInput
                ? $"{sourceName}: image file is truncated"
                : $"{sourceName}: image could not be decoded ({result})");

        // [H, W, 4] -> [H, W, 3]
        var rgb = new byte[checked((long)size.Width * size.Height * 3)];
        for (int i = 0, o = 0; o < rgb.Length; i += 4, o += 3)
        {
            rgb[o] = rgba[i];
            rgb[o + 1] = rgba[i + 1];
            rgb[o + 2] = rgba[i + 2];
        }
        return new RgbImage(size.Width, size.Height, rgb);
    }

    private static SKCodec OpenCodec(SKData data, string sourceName)
    {
        var codec = SKCodec.Create(data)
            ?? throw new InvalidDataException($"{sourceName}: not a readable image (unknown or corrupt format)");
        if (codec.Info.Width < 1 || codec.Info.Height < 1)
        {
            codec.Dispose();
            throw new InvalidDataException($"{sourceName}: image has no pixels ({codec.Info.Width}x{codec.Info.Height})");
        }
        return codec;
    }
}
