namespace RedDino.Formats.Checkpoints;

/// <summary>Orders state-dict keys as people read them: dot-separated parts, numbers by value
/// ("blocks.2.*" before "blocks.10.*"), other parts ordinally.</summary>
public sealed class KeyOrder : IComparer<string>
{
    /// <summary>The one instance.</summary>
    public static KeyOrder Instance { get; } = new();

    private KeyOrder()
    {
    }

    /// <inheritdoc/>
    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
            return string.CompareOrdinal(x, y);
        var a = x.Split('.');
        var b = y.Split('.');
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            var c = int.TryParse(a[i], out var na) && int.TryParse(b[i], out var nb)
                ? na.CompareTo(nb)
                : string.CompareOrdinal(a[i], b[i]);
            if (c != 0)
                return c;
        }
        return a.Length.CompareTo(b.Length);
    }
}
