using System.Text.Json;
using System.Text.Json.Nodes;
using RedDino.Formats.IO;
using RedDino.Formats.Text;

namespace RedDino.MLNet.Embeddings;

/// <summary>The completion marker of one shard's part file, <c>DIR/part-K-of-N.done.json</c>
/// (docs/formats/embeddings.md): written after the part, so a part without it is unfinished. It names
/// what the part was made from (model, preprocessing, manifest), so that parts of different models or
/// manifests cannot be read as one set and a rerun of a shard knows whether its part is still current.</summary>
/// <param name="Shard">K and N.</param>
/// <param name="PartFile">File name of the part (<c>part-K-of-N.parquet</c> or <c>.csv</c>).</param>
/// <param name="PartSha256">sha256 of the part file's bytes.</param>
/// <param name="RowCount">Rows in the part.</param>
/// <param name="SkippedCount">Rows of the shard left out as bad (<c>--skip-bad</c>); RowCount + SkippedCount is the shard's share of the manifest.</param>
/// <param name="Producer">Model sha256, model name, embed_dim and preprocessing.</param>
/// <param name="ManifestSha256">sha256 of the manifest file's bytes.</param>
/// <param name="ManifestRows">Data rows of the whole manifest.</param>
public sealed record EmbeddingPartMarker(
    EmbeddingShard Shard,
    string PartFile,
    string PartSha256,
    int RowCount,
    int SkippedCount,
    EmbeddingFileInfo Producer,
    string ManifestSha256,
    int ManifestRows)
{
    /// <summary>Format history: 1 = the fields of this record.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary><c>folder/part-K-of-N.done.json</c>.</summary>
    public static string PathFor(string folder, EmbeddingShard shard) => Path.Combine(folder, shard.PartName + ".done.json");

    /// <summary>Writes the marker atomically.</summary>
    public void Write(string path)
    {
        var json = new JsonObject
        {
            ["format_version"] = CurrentFormatVersion,
            ["shard"] = Shard.Index,
            ["shards"] = Shard.Count,
            ["part_file"] = PartFile,
            ["part_sha256"] = PartSha256,
            ["row_count"] = RowCount,
            ["skipped_count"] = SkippedCount,
            ["model_sha256"] = Producer.ModelSha256,
            ["model_name"] = Producer.ModelName,
            ["embed_dim"] = Producer.EmbedDim,
            ["preprocessing"] = Producer.Preprocessing?.DeepClone(),
            ["manifest_sha256"] = ManifestSha256,
            ["manifest_rows"] = ManifestRows,
        };
        AtomicFile.WriteAllText(path, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>Reads a marker.</summary>
    /// <exception cref="InvalidDataException">Not a marker of a version this library reads, or a key missing or of the
    /// wrong type (names the file and the key).</exception>
    public static EmbeddingPartMarker Read(string path)
    {
        JsonObject json;
        try
        {
            json = JsonNode.Parse(TextFile.ReadAllText(path)) as JsonObject ?? throw new InvalidDataException($"{path}: not a JSON object");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a valid completion marker ({e.Message})", e);
        }
        var version = Int(path, json, "format_version", 1);
        if (version > CurrentFormatVersion)
            throw new InvalidDataException($"{path}: marker format_version {version} is not supported (this version reads up to {CurrentFormatVersion})");
        var count = Int(path, json, "shards", 1);
        var index = Int(path, json, "shard", 1);
        if (index > count) throw new InvalidDataException($"{path}: 'shard' {index} is larger than 'shards' {count}");
        var producer = new EmbeddingFileInfo(Text(path, json, "model_sha256"), Text(path, json, "model_name"), Int(path, json, "embed_dim", 1),
            json["preprocessing"] is JsonObject preprocessing ? (JsonObject)preprocessing.DeepClone() : null);
        return new EmbeddingPartMarker(new EmbeddingShard(index, count), Text(path, json, "part_file"), Text(path, json, "part_sha256"),
            Int(path, json, "row_count", 0), Int(path, json, "skipped_count", 0), producer,
            Text(path, json, "manifest_sha256"), Int(path, json, "manifest_rows", 0));
    }

    /// <summary>What differs between the inputs this marker records and <paramref name="expected"/>'s (shard, part
    /// file, model, preprocessing, manifest), or null when they are the same; the part's hash and counts are not compared.</summary>
    public string? InputDifference(EmbeddingPartMarker expected)
    {
        if (Shard != expected.Shard) return $"it is for shard {Shard}, not {expected.Shard}";
        if (PartFile != expected.PartFile) return $"its part is {PartFile}, not {expected.PartFile}";
        if (Producer.ModelSha256 != expected.Producer.ModelSha256)
            return $"it was made with model sha256 {Producer.ModelSha256}, this model's is {expected.Producer.ModelSha256}";
        if (Producer.ModelName != expected.Producer.ModelName) return $"it was made with model '{Producer.ModelName}', not '{expected.Producer.ModelName}'";
        if (Producer.EmbedDim != expected.Producer.EmbedDim) return $"its embed_dim is {Producer.EmbedDim}, not {expected.Producer.EmbedDim}";
        if (PreprocessingText(Producer) != PreprocessingText(expected.Producer)) return "its preprocessing differs";
        if (ManifestSha256 != expected.ManifestSha256 || ManifestRows != expected.ManifestRows)
            return $"it was made from another manifest (sha256 {ManifestSha256}, {ManifestRows} rows; this one: {expected.ManifestSha256}, {expected.ManifestRows} rows)";
        return null;
    }

    /// <summary>The preprocessing as compact JSON text, the form in which two producers are compared.</summary>
    internal static string PreprocessingText(EmbeddingFileInfo producer) =>
        producer.Preprocessing is null ? "null" : JsonNode.Parse(producer.Preprocessing.ToJsonString())!.ToJsonString();

    private static int Int(string path, JsonObject json, string key, int min)
    {
        try
        {
            var value = json[key]?.GetValue<int>() ?? throw new InvalidDataException($"{path}: missing '{key}'");
            return value >= min ? value : throw new InvalidDataException($"{path}: '{key}' must be at least {min}, found {value}");
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{path}: '{key}' must be a whole number", e);
        }
    }

    private static string Text(string path, JsonObject json, string key)
    {
        try
        {
            return json[key]?.GetValue<string>() ?? throw new InvalidDataException($"{path}: missing '{key}'");
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidDataException($"{path}: '{key}' must be a string", e);
        }
    }
}
