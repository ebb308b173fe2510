using RedDino.Formats.Imaging;

namespace RedDino.Pretraining.Data.Imaging;

/// <summary>An 8-bit image of 1 or 3 interleaved channels, row-major [Height, Width, Channels]: the
/// working type of the managed image operations. An RGB raster shares its bytes with the
/// <see cref="RgbImage"/> it came from (no copy), so the augmentations pass images around freely;
/// every operation writes a new buffer and never changes its input.</summary>
internal readonly record struct Raster(byte[] Data, int Width, int Height, int Channels)
{
    public int Stride => Width * Channels;

    public int Length => Width * Height * Channels;

    /// <summary>A zero-filled raster of the given shape.</summary>
    public static Raster Create(int width, int height, int channels) =>
        new(new byte[width * height * channels], width, height, channels);

    /// <summary>A zero-filled raster of this one's shape.</summary>
    public Raster Blank() => Create(Width, Height, Channels);

    public static implicit operator Raster(RgbImage image) => new(image.Pixels, image.Width, image.Height, 3);

    /// <summary>This raster as an RGB image (the bytes are shared).</summary>
    public RgbImage ToRgb() => Channels == 3
        ? new RgbImage(Width, Height, Data)
        : throw new InvalidOperationException($"a {Channels}-channel raster is not an RGB image");

    /// <summary>Channel <paramref name="c"/> as a one-channel raster (a copy).</summary>
    public Raster Channel(int c)
    {
        var plane = new byte[Width * Height];
        for (int i = 0, j = c; i < plane.Length; i++, j += Channels)
            plane[i] = Data[j];
        return new Raster(plane, Width, Height, 1);
    }

    /// <summary>A copy with channel <paramref name="c"/> replaced by the one-channel <paramref name="plane"/>.</summary>
    public Raster WithChannel(int c, Raster plane)
    {
        var data = (byte[])Data.Clone();
        for (int i = 0, j = c; i < plane.Data.Length; i++, j += Channels)
            data[j] = plane.Data[i];
        return this with { Data = data };
    }
}
