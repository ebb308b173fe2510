namespace RedDino.Pretraining.Data.Imaging;

/// <summary>The hexcone step shared by HSV -> RGB and HLS -> RGB (OpenCV's sector table): the hue,
/// in sixths of a turn, picks which of four tone values each of R, G and B takes.</summary>
internal static class HueSectors
{
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

    /// <summary>R, G, B of a sector from its four tone values (OpenCV's table
    /// {1,3,0}, {1,0,2}, {3,0,1}, {0,2,1}, {0,1,3}, {2,1,0}, given there as B, G, R).</summary>
    public static (float R, float G, float B) Pick(int sector, float t0, float t1, float t2, float t3) => sector switch
    {
        0 => (t0, t3, t1),
        1 => (t2, t0, t1),
        2 => (t1, t0, t3),
        3 => (t1, t2, t0),
        4 => (t3, t1, t0),
        _ => (t0, t1, t2),
    };
}
