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
/// shortest round-trip format; metadata in a FILE.csv.json sidecar.</summary>
internal sealed class CsvEmbeddingFile : EmbeddingFileFormat
{
    public static readonly CsvEmbeddingFile Instance = new();

    public static string SidecarPath(string csvPath) => csvPath + ".json";

    public override EmbeddingFileWriter CreateWriter(string path, IReadOnlyList<string> manifestColumns, EmbeddingFileInfo info) =>
        new Writer(path, manifestColumns, info);

    public override EmbeddingSet Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Embeddings file not found: {path}", path);
        var info = ReadSidecar(path);
        using var reader = TextFile.Open(path);
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
                var row = rows.Count + 1;
                if (record.Length != header.Length)
                    throw new InvalidDataException($"{path}, row {row}: {record.Length} fields, expected {header.Length}");
                rows.Add(Manifest.ParseRow(path, manifestHeader, record[..featureStart], row));
                // Non-finite values are read as what they are (nan, inf in any spelling); evaluation refuses them.
                for (var j = 0; j < dim; j++)
                    values.Add(NumberText.TryParseSingle(record[featureStart + j], out var v) ? v
                        : throw new InvalidDataException($"{path}, row {row}: f{j} is not a number: '{record[featureStart + j]}'"));
            }
            info ??= new EmbeddingFileInfo("", Path.GetFileNameWithoutExtension(path), dim);
            return new EmbeddingSet(new Manifest(rows, manifestHeader, path), values.ToArray(), info);
        }
        catch (CsvHelperException e)
        {
            var where = header is null ? "header" : $"row {rows.Count + 1}";
            throw new InvalidDataException($"{path}, {where}: malformed CSV ({e.Message.Split('\n')[0]})", e);
        }
    }

    private static EmbeddingFileInfo? ReadSidecar(string path)
    {
        var sidecar = SidecarPath(path);
        if (!File.Exists(sidecar)) return null;
        try
        {
            var json = JsonNode.Parse(TextFile.ReadAllText(sidecar))?.AsObject() ?? throw new InvalidDataException($"{sidecar}: empty sidecar");
            var version = json["format_version"]?.GetValue<int>() ?? throw new InvalidDataException($"{sidecar}: missing 'format_version'");
            CheckVersion(sidecar, version);
            return new EmbeddingFileInfo(
                json["model_sha256"]?.GetValue<string>() ?? "",
                json["model_name"]?.GetValue<string>() ?? Path.GetFileNameWithoutExtension(path),
                json["embed_dim"]?.GetValue<int>() ?? throw new InvalidDataException($"{sidecar}: missing 'embed_dim'"),
                json["preprocessing"]?.DeepClone().AsObject(),
                version);
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
            var sidecar = new JsonObject
            {
                ["format_version"] = Info.FormatVersion,
                ["model_sha256"] = Info.ModelSha256,
                ["model_name"] = Info.ModelName,
                ["embed_dim"] = Info.EmbedDim,
                ["preprocessing"] = Info.Preprocessing?.DeepClone(),
            };
            AtomicFile.WriteAllText(SidecarPath(FinalPath), sidecar.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        }

        protected override void Close()
        {
            _csv.Dispose();
            _stream.Dispose();
        }
    }
}
