namespace RedDino.Formats.Imaging;

/// <summary>An 8-bit RGB image held as interleaved bytes, row-major [Height, Width, 3] — the layout
/// PIL's <c>np.asarray(img.convert("RGB"))</c> has, so every step can be compared with the reference.</summary>
public sealed class RgbImage
{
    /// <summary>Wraps <paramref name="pixels"/> (not copied); it must hold Width * Height * 3 bytes.</summary>
    public RgbImage(int width, int height, byte[] pixels)
    {
        if (width < 1 || height < 1)
            throw new ArgumentOutOfRangeException(nameof(width), $"image size {width}x{height} must be at least 1x1");
        if (pixels.LongLength != (long)width * height * 3)
            throw new ArgumentException($"{pixels.LongLength} bytes do not make a {width}x{height} RGB image", nameof(pixels));
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Interleaved RGB bytes, row-major [Height, Width, 3].</summary>
    public byte[] Pixels { get; }

    /// <summary>Bytes per row (Width * 3).</summary>
    public int Stride => Width * 3;
}
