using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsvHelper;
using RedDino.Formats.Manifests;
using RedDino.Formats.IO;
using RedDino.Formats.Text;

namespace RedDino.MLNet.Embeddings;

/// <summary>CSV embeddings: the manifest's columns, then f0..f{D-1} in invariant culture with the
/// shortest round-trip format; metadata in a FILE.csv.json sidecar, which also holds the row count and
/// the sha256 of the CSV it describes. The two are committed together, data first; the reader checks
/// the sha256 and retries for a moment when another writer is between its two renames.</summary>
internal sealed class CsvEmbeddingFile : EmbeddingFileFormat
{
    public static readonly CsvEmbeddingFile Instance = new();

    public static string SidecarPath(string csvPath) => csvPath + ".json";

    // CSV has no column types: integer columns are written as text like the others.
    public override EmbeddingFileWriter CreateWriter(string path, IReadOnlyList<string> manifestColumns, EmbeddingFileInfo info,
        IReadOnlyCollection<string>? integerColumns = null) => new Writer(path, manifestColumns, info);

    // How long a reader waits for a writer that has renamed the CSV but not yet its sidecar.
    private static readonly TimeSpan SidecarRace = TimeSpan.FromSeconds(2);

    public override EmbeddingSet Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Embeddings file not found: {path}", path);
        var started = DateTime.UtcNow;
        while (true)
        {
            var sidecar = ReadSidecar(path);
            var (set, sha256) = ReadRows(path, sidecar?.Info, hash: sidecar?.Sha256 is not null);
            if (sidecar?.Sha256 is null || string.Equals(sidecar.Value.Sha256, sha256, StringComparison.OrdinalIgnoreCase))
            {
                if (sidecar?.Rows is { } rows && rows != set.Count)
                    throw new InvalidDataException($"{SidecarPath(path)}: says {rows} rows but {path} holds {set.Count}");
                return set;
            }
            if (DateTime.UtcNow - started > SidecarRace)
                throw new InvalidDataException(
                    $"{SidecarPath(path)} does not describe {path} (its sha256 differs: the CSV was replaced or edited after the sidecar was written); write the embeddings again");
            Thread.Sleep(20);
        }
    }

    // The rows and, when asked, the sha256 of the bytes they were parsed from (one open handle for the
    // hash and the parse: a file renamed over the path meanwhile does not mix into what is read).
    private static (EmbeddingSet Set, string? Sha256) ReadRows(string path, EmbeddingFileInfo? info, bool hash)
    {
        var file = File.OpenRead(path);
        string? sha256 = null;
        if (hash)
        {
            sha256 = FileHash.Sha256(file);
            file.Position = 0;
        }
        using var reader = TextFile.Open(file, path);
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        var rows = new List<ManifestRow>();
        var values = new List<float>();
        string[]? header = null;
        try
        {
            if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { } found)
                throw new InvalidDataException($"{path}: empty embeddings file");
            header = found;
            var featureStart = Array.IndexOf(header, "f0");
            if (featureStart < 0)
                throw new InvalidDataException($"{path}: no 'f0' column: not an embeddings file");
            var dim = header.Length - featureStart;
            for (var j = 0; j < dim; j++)
                if (header[featureStart + j] != $"f{j}")
                    throw new InvalidDataException($"{path}: expected column 'f{j}', found '{header[featureStart + j]}'");
            if (info is not null && info.EmbedDim != dim)
                throw new InvalidDataException($"{path}: {dim} feature columns but the sidecar says embed_dim {info.EmbedDim}");
            var manifestHeader = header[..featureStart];

            while (csv.Read())
            {
                var record = csv.Parser.Record!;
                var row = rows.Count + 1; // data row, the header not counted
                if (record.Length != header.Length)
                    throw new InvalidDataException($"{path}, row {row}: {record.Length} fields, expected {header.Length}");
                rows.Add(Manifest.ParseRow(path, manifestHeader, record[..featureStart], row));
                // Non-finite values are read as what they are (nan, inf in any spelling); evaluation refuses them.
                for (var j = 0; j < dim; j++)
                    values.Add(NumberText.TryParseSingle(record[featureStart + j], out var v) ? v
                        : throw new InvalidDataException($"{path}, row {row}: f{j} is not a number: '{record[featureStart + j]}'"));
            }
            info ??= new EmbeddingFileInfo("", Path.GetFileNameWithoutExtension(path), dim);
            return (new EmbeddingSet(new Manifest(rows, manifestHeader, path), values.ToArray(), info), sha256);
        }
        catch (CsvHelperException e)
        {
            var where = header is null ? "header" : $"row {rows.Count + 1}";
            throw new InvalidDataException($"{path}, {where}: malformed CSV ({e.Message.Split('\n')[0]})", e);
        }
    }

    private readonly record struct Sidecar(EmbeddingFileInfo Info, int? Rows, string? Sha256);

    private static Sidecar? ReadSidecar(string path)
    {
        var sidecar = SidecarPath(path);
        if (!File.Exists(sidecar)) return null;
        try
        {
            var json = JsonNode.Parse(TextFile.ReadAllText(sidecar))?.AsObject() ?? throw new InvalidDataException($"{sidecar}: empty sidecar");
            var version = json["format_version"]?.GetValue<int>() ?? throw new InvalidDataException($"{sidecar}: missing 'format_version'");
            CheckVersion(sidecar, version);
            var info = new EmbeddingFileInfo(
                json["model_sha256"]?.GetValue<string>() ?? "",
                json["model_name"]?.GetValue<string>() ?? Path.GetFileNameWithoutExtension(path),
                json["embed_dim"]?.GetValue<int>() ?? throw new InvalidDataException($"{sidecar}: missing 'embed_dim'"),
                json["preprocessing"]?.DeepClone().AsObject(),
                version);
            return new Sidecar(info, json["rows"]?.GetValue<int>(), json["sha256"]?.GetValue<string>());
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{sidecar}: not a valid embeddings sidecar ({e.Message})", e);
        }
    }

    private sealed class Writer : EmbeddingFileWriter
    {
        private readonly StreamWriter _stream;
        private readonly CsvWriter _csv;

        public Writer(string path, IReadOnlyList<string> manifestColumns, EmbeddingFileInfo info) : base(path, manifestColumns, info)
        {
            _stream = new StreamWriter(TempPath, false, new UTF8Encoding(false));
            _csv = new CsvWriter(_stream, CultureInfo.InvariantCulture);
            foreach (var column in manifestColumns) _csv.WriteField(column);
            for (var j = 0; j < info.EmbedDim; j++) _csv.WriteField($"f{j}");
            _csv.NextRecord();
        }

        protected override void WriteRow(ManifestRow row, ReadOnlySpan<float> embedding)
        {
            foreach (var column in ManifestColumns) _csv.WriteField(Manifest.ValueOf(row, column));
            // float.ToString() is the shortest text that round-trips (since .NET Core 3.0).
            foreach (var v in embedding) _csv.WriteField(v.ToString(CultureInfo.InvariantCulture), shouldQuote: false);
            _csv.NextRecord();
        }

        protected override void Finish()
        {
            _csv.Flush();
            _stream.Flush();
            Close();
        }

        private protected override PendingFile WriteSidecar()
        {
            var sidecar = new JsonObject
            {
                ["format_version"] = Info.FormatVersion,
                ["model_sha256"] = Info.ModelSha256,
                ["model_name"] = Info.ModelName,
                ["embed_dim"] = Info.EmbedDim,
                ["preprocessing"] = Info.Preprocessing?.DeepClone(),
                ["rows"] = RowCount,
                ["sha256"] = FileHash.Sha256(TempPath),
            };
            var pending = PendingFile.Start(SidecarPath(FinalPath));
            try
            {
                File.WriteAllText(pending.TempPath, sidecar.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), AtomicFile.Utf8);
                return pending;
            }
            catch
            {
                pending.Dispose();
                throw;
            }
        }

        protected override void Close()
        {
            _csv.Dispose();
            _stream.Dispose();
        }
    }
}
