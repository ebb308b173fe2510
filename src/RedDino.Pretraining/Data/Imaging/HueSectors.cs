namespace RedDino.Pretraining.Data.Imaging;

/// <summary>The hexcone step shared by HSV -> RGB and HLS -> RGB (OpenCV's sector table): the hue,
/// in sixths of a turn, picks which of four tone values each of R, G and B takes.</summary>
internal static class HueSectors
{
    // Per sector: the tone index of B, G and R (OpenCV stores them in BGR order).
    private static readonly int[,] Table = { { 1, 3, 0 }, { 1, 0, 2 }, { 3, 0, 1 }, { 0, 2, 1 }, { 0, 1, 3 }, { 2, 1, 0 } };

    /// <summary>The hue wrapped into [0, 6), split into its sector and the fraction within it.</summary>
    public static (int Sector, float Fraction) Split(float h)
    {
        if (h < 0)
            do h += 6; while (h < 0);
        else if (h >= 6)
            do h -= 6; while (h >= 6);
        var sector = (int)MathF.Floor(h);
        h -= sector;
        return (uint)sector >= 6u ? (0, 0f) : (sector, h);
    }

    /// <summary>Writes R, G, B at <paramref name="rgb"/>[0..2] from the four tone values of a sector.</summary>
    public static void Pick(int sector, ReadOnlySpan<float> tones, Span<float> rgb)
    {
        rgb[2] = tones[Table[sector, 0]];
        rgb[1] = tones[Table[sector, 1]];
        rgb[0] = tones[Table[sector, 2]];
    }
}
