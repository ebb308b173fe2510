using RedDino.Formats.Manifests;
using RedDino.Formats.IO;

namespace RedDino.MLNet.Embeddings;

/// <summary>Streams embeddings to a CSV or Parquet file in manifest order. Output goes to a
/// temporary file that <see cref="Complete"/> renames into place, so an interrupted run never
/// leaves a truncated file that looks finished.</summary>
public abstract class EmbeddingFileWriter : IDisposable
{
    private readonly PendingFile _file;
    private bool _completed;

    /// <summary>Creates a writer for <paramref name="path"/> (format by extension: .csv or .parquet).</summary>
    public static EmbeddingFileWriter Create(string path, IReadOnlyList<string> manifestColumns, EmbeddingFileInfo info) =>
        EmbeddingFileFormat.For(path).CreateWriter(path, manifestColumns, info);

    /// <summary>Refuses manifest columns whose names the embeddings formats reserve for the features: <c>f</c>
    /// followed by digits (CSV) and <c>embedding</c> (Parquet), whatever the output format, so that one
    /// manifest works with both and a file written is always one that reads back.</summary>
    /// <exception cref="InvalidDataException">A reserved name (names <paramref name="source"/> and the column).</exception>
    public static void CheckManifestColumns(IReadOnlyList<string> columns, string source)
    {
        var reserved = columns.FirstOrDefault(IsReservedColumn);
        if (reserved is not null)
            throw new InvalidDataException(
                $"{source}: column '{reserved}' has a name embeddings files reserve for the features ('f0', 'f1', ... and 'embedding'); rename it in the manifest");
    }

    private static bool IsReservedColumn(string column) =>
        column == "embedding" || column.Length > 1 && column[0] == 'f' && column.Skip(1).All(char.IsAsciiDigit);

    /// <summary>Final path of the file.</summary>
    protected string FinalPath => _file.FinalPath;

    /// <summary>Temporary path written to until <see cref="Complete"/>.</summary>
    protected string TempPath => _file.TempPath;

    /// <summary>Manifest columns written before the embedding.</summary>
    protected IReadOnlyList<string> ManifestColumns { get; }

    /// <summary>Producer of the embeddings.</summary>
    protected EmbeddingFileInfo Info { get; }

    /// <summary>Rows appended so far.</summary>
    public int RowCount { get; private set; }

    /// <summary>Sets up paths; the target folder is created.</summary>
    protected EmbeddingFileWriter(string path, IReadOnlyList<string> manifestColumns, EmbeddingFileInfo info)
    {
        CheckManifestColumns(manifestColumns, path);
        _file = PendingFile.Start(path);
        ManifestColumns = manifestColumns;
        Info = info;
    }

    /// <summary>Appends one row; <paramref name="embedding"/> must have <see cref="EmbeddingFileInfo.EmbedDim"/> values.</summary>
    public void Append(ManifestRow row, ReadOnlySpan<float> embedding)
    {
        if (_completed) throw new InvalidOperationException("the file is already complete");
        if (embedding.Length != Info.EmbedDim)
            throw new ArgumentException($"embedding has {embedding.Length} values, expected {Info.EmbedDim}", nameof(embedding));
        WriteRow(row, embedding);
        RowCount++;
    }

    /// <summary>Flushes, writes metadata and moves the file into place.</summary>
    public void Complete()
    {
        if (_completed) return;
        Finish();
        _file.Commit();
        _completed = true;
    }

    /// <summary>Writes one row to the temporary file.</summary>
    protected abstract void WriteRow(ManifestRow row, ReadOnlySpan<float> embedding);

    /// <summary>Flushes buffered rows and metadata and closes the temporary file.</summary>
    protected abstract void Finish();

    /// <summary>Releases the file handle.</summary>
    protected abstract void Close();

    /// <inheritdoc />
    public void Dispose()
    {
        Close();
        _file.Dispose();
        GC.SuppressFinalize(this);
    }
}
