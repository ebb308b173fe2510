using System.Globalization;
using Parquet;
using RedDino.Formats;
using Parquet.Schema;
using RedDino.Formats.Manifests;
using RedDino.Formats.Onnx;
using RedDino.Formats.Text;

namespace RedDino.MLNet.Embeddings;

/// <summary>Parquet embeddings (Parquet.Net): the manifest's columns (crop_* as INT32, the rest as
/// strings) and `embedding` as a LIST of FLOAT (D per row); key-value metadata
/// <see cref="MetadataKeys.FormatVersion"/>, <see cref="MetadataKeys.ModelSha256"/>,
/// <see cref="MetadataKeys.ModelName"/> and <see cref="MetadataKeys.EmbedDim"/>.</summary>
internal sealed class ParquetEmbeddingFile : EmbeddingFileFormat
{
    public static readonly ParquetEmbeddingFile Instance = new();

    private const string EmbeddingColumn = "embedding";
    private const int RowsPerGroup = 8192;

    public override EmbeddingFileWriter CreateWriter(string path, IReadOnlyList<string> manifestColumns, EmbeddingFileInfo info) =>
        new Writer(path, manifestColumns, info);

    public override EmbeddingSet Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Embeddings file not found: {path}", path);
        try
        {
            return ReadAsync(path).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not (InvalidDataException or FileNotFoundException or OutOfMemoryException or OperationCanceledException))
        {
            // Whatever the Parquet reader trips over in these bytes (its own exceptions, format or range errors) is this file's fault.
            throw new InvalidDataException($"{path}: not a readable Parquet embeddings file ({e.GetType().Name}: {RedDinoModelInfo.FirstLine(e.Message)})", e);
        }
    }

    private static async Task<EmbeddingSet> ReadAsync(string path)
    {
        await using var reader = await ParquetReader.CreateAsync(path);
        var meta = reader.CustomMetadata;
        string Meta(string key) => meta.TryGetValue(key, out var v) ? v
            : throw new InvalidDataException($"{path}: missing Parquet metadata key '{key}'");
        var version = MetaInt(path, MetadataKeys.FormatVersion, Meta(MetadataKeys.FormatVersion), int.MaxValue);
        CheckVersion(path, version);
        var dim = MetaInt(path, MetadataKeys.EmbedDim, Meta(MetadataKeys.EmbedDim), BackboneContract.MaxEmbedDim);
        var info = new EmbeddingFileInfo(Meta(MetadataKeys.ModelSha256), Meta(MetadataKeys.ModelName), dim, null, version);

        var leaves = reader.Schema.GetDataFields();
        var embeddingLeaf = leaves.SingleOrDefault(f => f.Path.FirstPart == EmbeddingColumn)
            ?? throw new InvalidDataException($"{path}: no '{EmbeddingColumn}' column");
        var columnFields = leaves.Where(f => f != embeddingLeaf).ToArray();
        var header = columnFields.Select(f => f.Name).ToArray();

        var rows = new List<ManifestRow>();
        var values = new List<float>();
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var n = checked((int)group.RowCount);
            var columns = new string[columnFields.Length][];
            for (var c = 0; c < columnFields.Length; c++)
                columns[c] = await ReadAsText(path, group, columnFields[c], n);
            values.AddRange(await ReadEmbeddings(path, group, embeddingLeaf, n, dim));
            for (var r = 0; r < n; r++)
            {
                var record = new string[columnFields.Length];
                for (var c = 0; c < record.Length; c++) record[c] = columns[c][r];
                rows.Add(Manifest.ParseRow(path, header, record, rows.Count + 1));
            }
        }
        return new EmbeddingSet(new Manifest(rows, header, path), values.ToArray(), info);
    }

    // Reads n lists of exactly dim floats; the repetition levels must start a new list every dim values.
    private static async Task<float[]> ReadEmbeddings(string path, ParquetRowGroupReader group, DataField leaf, int n, int dim)
    {
        var flat = new float[(long)n * dim];
        var levels = new int[flat.Length];
        var definitions = new int[flat.Length];
        await group.ReadRawAsync<float>(leaf, flat.AsMemory(), definitions.AsMemory(), levels.AsMemory(), CancellationToken.None);
        for (var i = 0; i < levels.Length; i++)
            if ((levels[i] == 0) != (i % dim == 0) || definitions[i] != leaf.MaxDefinitionLevel)
                throw new InvalidDataException($"{path}: row {i / dim + 1} of a row group does not hold exactly {dim} embedding values");
        return flat;
    }

    private static int MetaInt(string path, string key, string text, int max) =>
        NumberText.TryParseInt(text, out var value) && value is >= 1 && value <= max ? value
            : throw new InvalidDataException($"{path}: Parquet metadata '{key}' must be an integer from 1 to {max}, found '{text}'");

    private static async Task<string[]> ReadAsText(string path, ParquetRowGroupReader group, DataField field, int n)
    {
        if (field.ClrType == typeof(string) || field.ClrType == typeof(ReadOnlyMemory<char>))
        {
            var text = new string?[n];
            await group.ReadAsync(field, text.AsMemory());
            return text.Select(t => t ?? "").ToArray();
        }
        if (field.ClrType == typeof(int))
        {
            var numbers = new int?[n];
            await group.ReadAsync<int>(field, numbers.AsMemory());
            return numbers.Select(v => v?.ToString(CultureInfo.InvariantCulture) ?? "").ToArray();
        }
        throw new InvalidDataException($"{path}: column '{field.Name}' has unsupported type {field.ClrType.Name}");
    }

    private sealed class Writer : EmbeddingFileWriter
    {
        private readonly Stream _stream;
        private readonly ParquetWriter _writer;
        private readonly DataField[] _columnFields;
        private readonly DataField _embeddingLeaf;
        private readonly List<ManifestRow> _pendingRows = new();
        private readonly List<float> _pendingValues = new();

        public Writer(string path, IReadOnlyList<string> manifestColumns, EmbeddingFileInfo info) : base(path, manifestColumns, info)
        {
            _columnFields = manifestColumns.Select(c => ManifestColumnsIsCrop(c) ? (DataField)new DataField<int?>(c) : new DataField<string>(c, true)).ToArray();
            var list = new ListField(EmbeddingColumn, new DataField<float>("element"));
            var schema = new ParquetSchema([.. _columnFields, list]);
            _embeddingLeaf = schema.GetDataFields().Single(f => f.Path.FirstPart == EmbeddingColumn);
            _stream = File.Create(TempPath);
            _writer = ParquetWriter.CreateAsync(schema, _stream).GetAwaiter().GetResult();
            _writer.CustomMetadata = new Dictionary<string, string>
            {
                [MetadataKeys.FormatVersion] = info.FormatVersion.ToString(CultureInfo.InvariantCulture),
                [MetadataKeys.ModelSha256] = info.ModelSha256,
                [MetadataKeys.ModelName] = info.ModelName,
                [MetadataKeys.EmbedDim] = info.EmbedDim.ToString(CultureInfo.InvariantCulture),
            };
        }

        private static bool ManifestColumnsIsCrop(string column) => RedDino.Formats.Manifests.ManifestColumns.Crop.Contains(column);

        protected override void WriteRow(ManifestRow row, ReadOnlySpan<float> embedding)
        {
            _pendingRows.Add(row);
            foreach (var v in embedding) _pendingValues.Add(v);
            if (_pendingRows.Count >= RowsPerGroup) FlushGroup();
        }

        private void FlushGroup()
        {
            if (_pendingRows.Count == 0) return;
            using (var group = _writer.CreateRowGroup())
            {
                for (var c = 0; c < _columnFields.Length; c++)
                {
                    var field = _columnFields[c];
                    var texts = _pendingRows.Select(r => Manifest.ValueOf(r, field.Name)).ToArray();
                    if (field.ClrType == typeof(int))
                    {
                        var numbers = texts.Select(t => t.Length == 0 ? (int?)null : int.Parse(t, CultureInfo.InvariantCulture)).ToArray();
                        group.WriteAsync<int>(field, numbers.AsMemory()).GetAwaiter().GetResult();
                    }
                    else
                        group.WriteAsync(field, texts).GetAwaiter().GetResult();
                }
                // Repetition level 0 starts a row's list, 1 continues it: [0,1,...,1] D wide per row.
                var levels = new int[_pendingValues.Count];
                for (var i = 0; i < levels.Length; i++) levels[i] = i % Info.EmbedDim == 0 ? 0 : 1;
                // Every list and element is present: all definition levels are at their maximum.
                var definitions = new int[levels.Length];
                Array.Fill(definitions, _embeddingLeaf.MaxDefinitionLevel);
                group.WriteAllPartsAsync<float>(_embeddingLeaf, _pendingValues.ToArray().AsMemory(), definitions.AsMemory(), levels.AsMemory(), CancellationToken.None)
                    .GetAwaiter().GetResult();
            }
            _pendingRows.Clear();
            _pendingValues.Clear();
        }

        protected override void Finish()
        {
            FlushGroup();
            Close();
        }

        private bool _closed;

        protected override void Close()
        {
            if (_closed) return;
            _closed = true;
            _writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
            _stream.Dispose();
        }
    }
}
