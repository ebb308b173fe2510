namespace RedDino.Formats.Manifests;

/// <summary>A crop in pixels of the source image. It may extend past the image border; the
/// part outside is filled by edge replication (the nearest border pixel).</summary>
/// <param name="X">Left edge (may be negative).</param>
/// <param name="Y">Top edge (may be negative).</param>
/// <param name="Width">Width, at least 1.</param>
/// <param name="Height">Height, at least 1.</param>
public readonly record struct CropBox(int X, int Y, int Width, int Height)
{
    /// <summary>A box of <paramref name="size"/> x <paramref name="size"/> centred on (cx, cy),
    /// as the Chula builder makes them: left = cx - size / 2 (integer division).</summary>
    public static CropBox Centered(int centerX, int centerY, int size) =>
        new(centerX - size / 2, centerY - size / 2, size, size);

    /// <summary>The box (x, y, w, h) after the manifest's checks: at least 1 x 1, right and bottom edges within int32
    /// (so no coordinate arithmetic can wrap).</summary>
    /// <param name="x">Left edge.</param>
    /// <param name="y">Top edge.</param>
    /// <param name="width">Width.</param>
    /// <param name="height">Height.</param>
    /// <param name="where">Names the place in errors, e.g. "cells.csv, row 7".</param>
    /// <exception cref="InvalidDataException">A box smaller than 1 x 1 or ending past int32.</exception>
    public static CropBox Checked(int x, int y, int width, int height, string where)
    {
        if (width < 1 || height < 1)
            throw new InvalidDataException($"{where}: crop box {width}x{height} must be at least 1x1");
        if ((long)x + width > int.MaxValue || (long)y + height > int.MaxValue)
            throw new InvalidDataException($"{where}: crop box {x},{y},{width},{height} ends past {int.MaxValue}");
        return new CropBox(x, y, width, height);
    }

    /// <inheritdoc />
    public override string ToString() => $"{X},{Y},{Width},{Height}";
}
