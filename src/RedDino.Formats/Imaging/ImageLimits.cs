using System.Globalization;

namespace RedDino.Formats.Imaging;

/// <summary>How large an image (or a crop box) may be before it is decoded: the declared size is checked
/// against a pixel limit before any pixel buffer is allocated, so a small file whose header claims a huge
/// size (a decompression bomb) is a bad image instead of an exhausted or corrupted memory.</summary>
/// <remarks>The default is Pillow's <c>Image.MAX_IMAGE_PIXELS</c> (89,478,485, about 0.25 GB of 24-bit
/// pixels). Pillow only warns between 1x and 2x its limit; RedDino refuses anything above the limit.</remarks>
public static class ImageLimits
{
    /// <summary>Pillow's <c>MAX_IMAGE_PIXELS</c>: the default limit on width x height.</summary>
    public const long DefaultMaxPixels = 89_478_485;

    /// <summary>The largest limit that can be set: the decoder's RGBA buffer (4 bytes a pixel) must fit
    /// one .NET array.</summary>
    public const long LargestMaxPixels = int.MaxValue / 4;

    /// <summary>Throws when <paramref name="maxPixels"/> is not a limit that can be used (names <paramref name="setting"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Below 1 or above <see cref="LargestMaxPixels"/>.</exception>
    public static void ValidateLimit(long maxPixels, string setting)
    {
        if (maxPixels < 1 || maxPixels > LargestMaxPixels)
            throw new ArgumentOutOfRangeException(setting, maxPixels,
                $"the pixel limit must be between 1 and {LargestMaxPixels.ToString("N0", CultureInfo.InvariantCulture)}");
    }

    /// <summary>Checks the size an image file declares, before decoding it.</summary>
    /// <exception cref="InvalidDataException">No pixels, or more than <paramref name="maxPixels"/> (names <paramref name="source"/>).</exception>
    public static void CheckImage(long width, long height, long maxPixels, string source)
    {
        if (width < 1 || height < 1)
            throw new InvalidDataException($"{source}: image has no pixels ({width}x{height})");
        if (width * height > maxPixels)
            throw new InvalidDataException($"{source}: image declares {width}x{height} = {Count(width * height)} pixels, more than the limit of " +
                                           $"{Count(maxPixels)} (a decompression bomb, or an image too large to decode; the limit is the max-image-pixels setting)");
    }

    /// <summary>Checks a crop box's size, before the crop is allocated.</summary>
    /// <exception cref="InvalidDataException">More than <paramref name="maxPixels"/> pixels (names <paramref name="source"/>).</exception>
    public static void CheckCrop(long width, long height, long maxPixels, string source)
    {
        if (width * height > maxPixels)
            throw new InvalidDataException($"{source}: crop box {width}x{height} = {Count(width * height)} pixels, more than the limit of " +
                                           $"{Count(maxPixels)} (the max-image-pixels setting)");
    }

    private static string Count(long pixels) => pixels.ToString("N0", CultureInfo.InvariantCulture);
}
