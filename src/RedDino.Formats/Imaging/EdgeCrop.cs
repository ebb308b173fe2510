using RedDino.Formats.Manifests;

namespace RedDino.Formats.Imaging;

/// <summary>Cuts a manifest crop box out of an image. Where the box extends past the border, the
/// nearest border pixel is repeated (numpy's <c>np.pad(mode="edge")</c>), as the contract asks;
/// note that PIL's own <c>Image.crop</c> would pad with black instead.</summary>
public static class EdgeCrop
{
    /// <summary>The <paramref name="box"/> region of <paramref name="image"/>, [box.Height, box.Width, 3].</summary>
    /// <exception cref="InvalidDataException">The box holds more than <paramref name="maxPixels"/> pixels.</exception>
    public static RgbImage Crop(RgbImage image, CropBox box, long maxPixels = ImageLimits.DefaultMaxPixels)
    {
        if (box.Width < 1 || box.Height < 1)
            throw new ArgumentOutOfRangeException(nameof(box), $"crop box {box} must be at least 1x1");
        ImageLimits.CheckCrop(box.Width, box.Height, maxPixels, $"{image.Width}x{image.Height} image");
        if (box.X == 0 && box.Y == 0 && box.Width == image.Width && box.Height == image.Height)
            return image;

        var output = new byte[checked((long)box.Width * box.Height * 3)];
        var src = image.Pixels;
        var stride = image.Stride;
        // Coordinates in long: a box may sit anywhere in int32, so X + x must not wrap.
        // Columns that fall inside the image are copied as one block per row; the rest repeat an edge.
        var insideStart = (int)Math.Clamp(-(long)box.X, 0, box.Width);
        var insideEnd = (int)Math.Clamp(image.Width - (long)box.X, insideStart, box.Width);
        int SourceColumn(int x) => (int)Math.Clamp((long)box.X + x, 0, image.Width - 1);
        for (var y = 0; y < box.Height; y++)
        {
            var sourceRow = (int)Math.Clamp((long)box.Y + y, 0, image.Height - 1) * stride;
            var outRow = output.AsSpan(y * box.Width * 3, box.Width * 3);
            for (var x = 0; x < insideStart; x++)
                src.AsSpan(sourceRow + SourceColumn(x) * 3, 3).CopyTo(outRow[(x * 3)..]);
            if (insideEnd > insideStart)
                src.AsSpan(sourceRow + SourceColumn(insideStart) * 3, (insideEnd - insideStart) * 3).CopyTo(outRow[(insideStart * 3)..]);
            for (var x = insideEnd; x < box.Width; x++)
                src.AsSpan(sourceRow + SourceColumn(x) * 3, 3).CopyTo(outRow[(x * 3)..]);
        }
        return new RgbImage(box.Width, box.Height, output);
    }
}
