using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using RedDino.Formats.IO;
using RedDino.Formats.Text;

namespace RedDino.Formats.Manifests;

/// <summary>A dataset manifest: an ordered list of images with optional label, source and crop box
/// (docs/formats/manifest.md). Row order matters: stratified folds follow it.</summary>
public sealed class Manifest
{
    /// <summary>Creates a manifest from rows; <paramref name="columns"/> defaults to the columns the rows use.</summary>
    public Manifest(IReadOnlyList<ManifestRow> rows, IReadOnlyList<string>? columns = null, string? filePath = null)
    {
        Rows = rows;
        Columns = columns ?? ColumnsUsedBy(rows);
        FilePath = filePath;
    }

    /// <summary>Rows in file order.</summary>
    public IReadOnlyList<ManifestRow> Rows { get; }

    /// <summary>Header columns in file order (the known ones and any pass-through columns).</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>The CSV file this manifest was read from, if any.</summary>
    public string? FilePath { get; }

    /// <summary>True when every row has a non-empty label.</summary>
    public bool HasLabels => Rows.Count > 0 && Rows.All(r => !string.IsNullOrEmpty(r.Label));

    /// <summary>True when every row has a non-empty source.</summary>
    public bool HasSources => Rows.Count > 0 && Rows.All(r => !string.IsNullOrEmpty(r.Source));

    /// <summary>Folder that relative paths resolve against: <paramref name="dataRoot"/> when given,
    /// else the manifest's own folder, else the current folder.</summary>
    public string BaseFolder(string? dataRoot = null) =>
        dataRoot ?? (FilePath is null ? Directory.GetCurrentDirectory() : Path.GetDirectoryName(Path.GetFullPath(FilePath))!);

    /// <summary>Reads a manifest CSV (UTF-8, or UTF-16/32 with a byte order mark). Errors name the file and
    /// the row (1-based data row: the header is not counted).</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="keepBadRows">When true, a row whose values cannot be read (empty path, malformed crop box)
    /// is kept with <see cref="ManifestRow.Problem"/> set instead of stopping the read; errors of the file
    /// itself (header, encoding, CSV syntax) still stop it.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The header, the encoding or a row is malformed.</exception>
    public static Manifest Read(string path, bool keepBadRows = false)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Manifest not found: {path}", path);
        using var reader = TextFile.Open(path);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { DetectColumnCountChanges = true });
        var rows = new List<ManifestRow>();
        string[]? header = null;
        try
        {
            if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { } found)
                throw new InvalidDataException($"{path}: empty manifest (a header row with a '{ManifestColumns.Path}' column is required)");
            header = found;
            ValidateHeader(path, header);
            while (csv.Read())
            {
                var record = csv.Parser.Record!;
                try
                {
                    rows.Add(ParseRow(path, header, record, rows.Count + 1));
                }
                catch (InvalidDataException e) when (keepBadRows)
                {
                    // The problem alone: whoever reports the row names the file and the row itself.
                    var where = $"{path}, row {rows.Count + 1}: ";
                    rows.Add(UnusableRow(header, record, e.Message.StartsWith(where, StringComparison.Ordinal) ? e.Message[where.Length..] : e.Message));
                }
            }
        }
        catch (CsvHelperException e)
        {
            var where = header is null ? "header" : $"row {rows.Count + 1}";
            throw new InvalidDataException($"{path}, {where}: malformed CSV ({e.Message.Split('\n')[0]})", e);
        }
        return new Manifest(rows, header, path);
    }

    /// <summary>Writes the manifest as CSV with <see cref="Columns"/> as header (crop columns as integers),
    /// atomically: a reader sees the previous file or the complete new one.</summary>
    public void Write(string path) => AtomicFile.WriteText(path, writer =>
    {
        using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
        foreach (var column in Columns) csv.WriteField(column);
        csv.NextRecord();
        foreach (var row in Rows)
        {
            foreach (var column in Columns) csv.WriteField(ValueOf(row, column));
            csv.NextRecord();
        }
    });

    /// <summary>The text of one column of a row as it is written to CSV ("" when absent).</summary>
    public static string ValueOf(ManifestRow row, string column) => column switch
    {
        ManifestColumns.Path => row.Path,
        ManifestColumns.Label => row.Label ?? "",
        ManifestColumns.Source => row.Source ?? "",
        ManifestColumns.CropX => row.Crop?.X.ToString(CultureInfo.InvariantCulture) ?? Raw(row, column),
        ManifestColumns.CropY => row.Crop?.Y.ToString(CultureInfo.InvariantCulture) ?? Raw(row, column),
        ManifestColumns.CropW => row.Crop?.Width.ToString(CultureInfo.InvariantCulture) ?? Raw(row, column),
        ManifestColumns.CropH => row.Crop?.Height.ToString(CultureInfo.InvariantCulture) ?? Raw(row, column),
        _ => Raw(row, column),
    };

    // Pass-through text (also the crop text of a row kept with a Problem).
    private static string Raw(ManifestRow row, string column) =>
        row.Extra is not null && row.Extra.TryGetValue(column, out var value) ? value : "";

    private static void ValidateHeader(string path, string[] header)
    {
        if (!header.Contains(ManifestColumns.Path))
            throw new InvalidDataException($"{path}: the header has no '{ManifestColumns.Path}' column (found: {string.Join(", ", header)})");
        var duplicate = header.GroupBy(h => h).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InvalidDataException($"{path}: column '{duplicate.Key}' appears twice in the header");
        var cropPresent = ManifestColumns.Crop.Count(header.Contains);
        if (cropPresent is > 0 and < 4)
            throw new InvalidDataException(
                $"{path}: a crop box needs all of {string.Join(",", ManifestColumns.Crop)}; missing: {string.Join(",", ManifestColumns.Crop.Where(c => !header.Contains(c)))}");
    }

    /// <summary>Builds a row from header names and values: the manifest reader's rule, shared by every
    /// file that carries manifest columns (embeddings CSV and Parquet). Errors name <paramref name="file"/>
    /// and <paramref name="row"/> (1-based data row, the header not counted).</summary>
    /// <exception cref="InvalidDataException">An empty path or a malformed crop box.</exception>
    public static ManifestRow ParseRow(string file, string[] header, string[] values, int row)
    {
        string? Get(string column)
        {
            var index = Array.IndexOf(header, column);
            return index < 0 || index >= values.Length ? null : values[index];
        }

        var path = Get(ManifestColumns.Path);
        if (string.IsNullOrWhiteSpace(path))
            throw new InvalidDataException($"{file}, row {row}: empty '{ManifestColumns.Path}'");
        var crop = header.Contains(ManifestColumns.CropX) ? ParseCrop(ManifestColumns.Crop.Select(Get).ToArray(), $"{file}, row {row}") : null;
        return new ManifestRow(path, NullIfEmpty(Get(ManifestColumns.Label)), NullIfEmpty(Get(ManifestColumns.Source)), crop, ExtraColumns(header, values));
    }

    // crop_x, crop_y, crop_w, crop_h: all empty (the whole image) or four integers, at least 1x1, whose
    // right and bottom edges stay within int32 (so no coordinate arithmetic can wrap).
    private static CropBox? ParseCrop(string?[] parts, string where)
    {
        if (parts.All(string.IsNullOrEmpty))
            return null;
        var numbers = new int[4];
        for (var i = 0; i < 4; i++)
            if (!NumberText.TryParseInt(parts[i], out numbers[i]))
                throw new InvalidDataException($"{where}: '{ManifestColumns.Crop[i]}' is not an integer: '{parts[i]}'");
        return CropBox.Checked(numbers[0], numbers[1], numbers[2], numbers[3], where);
    }

    private static Dictionary<string, string>? ExtraColumns(string[] header, string[] values)
    {
        Dictionary<string, string>? extra = null;
        for (var i = 0; i < header.Length; i++)
        {
            if (ManifestColumns.IsKnown(header[i])) continue;
            extra ??= new Dictionary<string, string>(StringComparer.Ordinal);
            extra[header[i]] = i < values.Length ? values[i] : "";
        }
        return extra;
    }

    // A row kept for its number and columns only: its values are what the file holds, its Problem says why it is unusable.
    private static ManifestRow UnusableRow(string[] header, string[] values, string problem)
    {
        string? Get(string column) => Array.IndexOf(header, column) is var i and >= 0 && i < values.Length ? values[i] : null;
        var extra = ExtraColumns(header, values);
        // The raw crop text is kept as pass-through so that a list of skipped rows shows what was wrong.
        foreach (var column in ManifestColumns.Crop.Where(header.Contains))
            (extra ??= new Dictionary<string, string>(StringComparer.Ordinal))[column] = Get(column) ?? "";
        return new ManifestRow(Get(ManifestColumns.Path) ?? "", NullIfEmpty(Get(ManifestColumns.Label)), NullIfEmpty(Get(ManifestColumns.Source)), null, extra)
        {
            Problem = problem,
        };
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static IReadOnlyList<string> ColumnsUsedBy(IReadOnlyList<ManifestRow> rows)
    {
        var columns = new List<string> { ManifestColumns.Path };
        if (rows.Any(r => r.Label is not null)) columns.Add(ManifestColumns.Label);
        if (rows.Any(r => r.Source is not null)) columns.Add(ManifestColumns.Source);
        if (rows.Any(r => r.Crop is not null)) columns.AddRange(ManifestColumns.Crop);
        foreach (var key in rows.Where(r => r.Extra is not null).SelectMany(r => r.Extra!.Keys).Distinct())
            columns.Add(key);
        return columns;
    }
}
