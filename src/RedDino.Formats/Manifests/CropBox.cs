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

    /// <inheritdoc />
    public override string ToString() => $"{X},{Y},{Width},{Height}";
}
