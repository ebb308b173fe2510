using RedDino.Formats.Manifests;

namespace RedDino.MLNet.Embeddings;

/// <summary>Embeddings of every row of a manifest, in manifest order, held as one row-major
/// [N, D] float array (the layout k-NN and the linear probe consume).</summary>
public sealed class EmbeddingSet
{
    /// <summary>Creates a set; <paramref name="values"/> is row-major [rows, info.EmbedDim].</summary>
    public EmbeddingSet(Manifest manifest, float[] values, EmbeddingFileInfo info)
    {
        if (info.EmbedDim <= 0)
            throw new ArgumentException($"embed_dim must be positive, got {info.EmbedDim}", nameof(info));
        if (values.Length != (long)manifest.Rows.Count * info.EmbedDim)
            throw new ArgumentException($"{values.Length} values do not make {manifest.Rows.Count} rows of {info.EmbedDim}", nameof(values));
        Manifest = manifest;
        Values = values;
        Info = info;
    }

    /// <summary>The rows (path, label, source, crop, pass-through columns).</summary>
    public Manifest Manifest { get; }

    /// <summary>Row-major [Count, Dimension] embeddings.</summary>
    public float[] Values { get; }

    /// <summary>Model and preprocessing that produced the embeddings.</summary>
    public EmbeddingFileInfo Info { get; }

    /// <summary>Number of rows N.</summary>
    public int Count => Manifest.Rows.Count;

    /// <summary>Embedding dimension D.</summary>
    public int Dimension => Info.EmbedDim;

    /// <summary>The embedding of row <paramref name="index"/> ([D]).</summary>
    public ReadOnlySpan<float> Row(int index) => Values.AsSpan(index * Dimension, Dimension);

    /// <summary>Reads a CSV or Parquet embeddings file (by extension).</summary>
    public static EmbeddingSet Read(string path) => EmbeddingFileFormat.For(path).Read(path);

    /// <summary>Writes a CSV or Parquet embeddings file (by extension), atomically.</summary>
    public void Write(string path)
    {
        using var writer = EmbeddingFileWriter.Create(path, Manifest.Columns, Info);
        for (var i = 0; i < Count; i++)
            writer.Append(Manifest.Rows[i], Row(i));
        writer.Complete();
    }
}
