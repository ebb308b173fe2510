using RedDino.Formats.Manifests;

namespace RedDino.MLNet.Embeddings;

/// <summary>The embeddings file formats of the contract, chosen by file extension.</summary>
internal abstract class EmbeddingFileFormat
{
    public abstract EmbeddingSet Read(string path);

    public abstract EmbeddingFileWriter CreateWriter(string path, IReadOnlyList<string> manifestColumns, EmbeddingFileInfo info);

    public static EmbeddingFileFormat For(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".csv" => CsvEmbeddingFile.Instance,
        ".parquet" => ParquetEmbeddingFile.Instance,
        var other => throw new InvalidDataException($"{path}: unknown embeddings file type '{other}' (use .csv or .parquet)"),
    };

    /// <summary>Rejects files of a newer format than this library reads.</summary>
    public static void CheckVersion(string path, int version)
    {
        if (version > EmbeddingFileInfo.CurrentFormatVersion || version < 1)
            throw new InvalidDataException(
                $"{path}: embeddings format_version {version} is not supported (this version reads up to {EmbeddingFileInfo.CurrentFormatVersion})");
    }
}
