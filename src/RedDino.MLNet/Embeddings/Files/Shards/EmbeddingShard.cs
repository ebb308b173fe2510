using System.Globalization;

namespace RedDino.MLNet.Embeddings;

/// <summary>Shard K of N of a manifest (<c>reddino embed --shard K/N</c>, one task of a cluster array job):
/// the rows whose 0-based index i has i mod N = K - 1. Striding (rather than cutting the manifest into
/// blocks) spreads every class and source over all shards, so each shard takes about as long.</summary>
public readonly record struct EmbeddingShard
{
    /// <summary>Shard <paramref name="index"/> (K, 1-based) of <paramref name="count"/> (N).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not 1 &lt;= K &lt;= N.</exception>
    public EmbeddingShard(int index, int count)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), $"the shard count N must be at least 1, got {count}");
        if (index < 1 || index > count)
            throw new ArgumentOutOfRangeException(nameof(index), $"the shard number K must be from 1 to N = {count}, got {index}");
        Index = index;
        Count = count;
    }

    /// <summary>K, from 1 to <see cref="Count"/>.</summary>
    public int Index { get; }

    /// <summary>N, the number of shards.</summary>
    public int Count { get; }

    /// <summary>File name of the part without its extension: <c>part-K-of-N</c>.</summary>
    public string PartName => string.Create(CultureInfo.InvariantCulture, $"part-{Index}-of-{Count}");

    /// <summary>True when manifest row <paramref name="row"/> (0-based) belongs to this shard.</summary>
    public bool Contains(int row) => row >= 0 && row % Count == Index - 1;

    /// <summary>How many of <paramref name="manifestRows"/> rows belong to this shard.</summary>
    public int RowCountOf(int manifestRows) => manifestRows >= Index ? (manifestRows - Index) / Count + 1 : 0;

    /// <summary>The 0-based indices of this shard's rows among <paramref name="manifestRows"/>, ascending.</summary>
    public int[] RowsOf(int manifestRows)
    {
        var rows = new int[RowCountOf(manifestRows)];
        for (var j = 0; j < rows.Length; j++) rows[j] = Index - 1 + j * Count;
        return rows;
    }

    /// <summary>Reads <c>K/N</c> (two integers, 1 &lt;= K &lt;= N).</summary>
    /// <exception cref="FormatException">Anything else; the message says what was expected.</exception>
    public static EmbeddingShard Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var k)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            throw new FormatException($"a shard is K/N with whole numbers 1 <= K <= N (e.g. 2/8), got '{text}'");
        if (n < 1 || k < 1 || k > n)
            throw new FormatException($"a shard K/N needs 1 <= K <= N, got '{text}'");
        return new EmbeddingShard(k, n);
    }

    /// <summary><c>K/N</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}
