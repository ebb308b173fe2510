namespace RedDino.Formats.Imaging;

/// <summary>Decodes an image file to 8-bit RGB the way the reference's <c>PIL.Image.open(f).convert("RGB")</c>
/// does: JPEG, PNG, BMP, GIF, WebP through SkiaSharp; TIFF (8- and 16-bit) through LibTiff.NET.</summary>
/// <remarks>16-bit samples become 8-bit by <c>v &gt;&gt; 8</c> (PIL itself clips such images when converting
/// to RGB, so the project defines this rule). Errors are <see cref="InvalidDataException"/>s naming the source.
/// Every decoder checks the size the header declares against a pixel limit (<see cref="ImageLimits"/>,
/// default <see cref="ImageLimits.DefaultMaxPixels"/>) before it allocates anything for the pixels.</remarks>
public static class ImageDecoder
{
    /// <summary>Decodes encoded image bytes; <paramref name="sourceName"/> is used in error messages.</summary>
    /// <param name="data">The encoded image.</param>
    /// <param name="sourceName">File or name for messages.</param>
    /// <param name="maxPixels">Largest width x height accepted (checked before decoding).</param>
    /// <exception cref="InvalidDataException">The bytes are not a readable image, or declare more than <paramref name="maxPixels"/> pixels.</exception>
    public static RgbImage Decode(ReadOnlySpan<byte> data, string sourceName, long maxPixels = ImageLimits.DefaultMaxPixels)
    {
        if (data.Length == 0)
            throw new InvalidDataException($"{sourceName}: empty image file");
        return IsTiff(data) ? TiffImageDecoder.Decode(data, sourceName, maxPixels) : SkiaImageDecoder.Decode(data, sourceName, maxPixels);
    }

    /// <summary>Reads and decodes an image file.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a readable image, or declares more than <paramref name="maxPixels"/> pixels.</exception>
    public static RgbImage DecodeFile(string path, long maxPixels = ImageLimits.DefaultMaxPixels)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Image not found: {path}", path);
        return Decode(File.ReadAllBytes(path), path, maxPixels);
    }

    /// <summary>The size of an image file from its header, without decoding the pixels (the same readers
    /// as <see cref="DecodeFile"/>, so a file that passes here is one they open).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a readable image, or declares more than
    /// <paramref name="maxPixels"/> pixels (so a size read here is one the decoder accepts).</exception>
    public static (int Width, int Height) ReadSize(string path, long maxPixels = ImageLimits.DefaultMaxPixels)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Image not found: {path}", path);
        var data = File.ReadAllBytes(path);
        if (data.Length == 0)
            throw new InvalidDataException($"{path}: empty image file");
        var size = IsTiff(data) ? TiffImageDecoder.ReadSize(data, path) : SkiaImageDecoder.ReadSize(data, path);
        ImageLimits.CheckImage(size.Width, size.Height, maxPixels, path);
        return size;
    }

    /// <summary>"II*\0" (little-endian) or "MM\0*" (big-endian); BigTIFF uses 43 instead of 42.</summary>
    internal static bool IsTiff(ReadOnlySpan<byte> data) =>
        data.Length >= 4 && ((data[0] == 'I' && data[1] == 'I' && data[2] is 42 or 43 && data[3] == 0)
                          || (data[0] == 'M' && data[1] == 'M' && data[2] == 0 && data[3] is 42 or 43));
}
