using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using RedDino.Formats.IO;

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

    /// <summary>Reads a manifest CSV. Errors name the file and the row ("row N": the N-th data row, the
    /// header not counted, as every message of the project counts rows).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">A header or a row is malformed.</exception>
    public static Manifest Read(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Manifest not found: {path}", path);
        using var reader = new StreamReader(path, Encoding.UTF8);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { DetectColumnCountChanges = true });
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { } header)
            throw new InvalidDataException($"{path}: empty manifest (a header row with a '{ManifestColumns.Path}' column is required)");
        ValidateHeader(path, header);

        var rows = new List<ManifestRow>();
        try
        {
            while (csv.Read())
                rows.Add(ParseRow(path, header, csv.Parser.Record!, rows.Count + 1));
        }
        catch (BadDataException e)
        {
            throw new InvalidDataException($"{path}, row {rows.Count + 1}: malformed CSV ({e.Message.Split('\n')[0]})", e);
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
        ManifestColumns.CropX => row.Crop?.X.ToString(CultureInfo.InvariantCulture) ?? "",
        ManifestColumns.CropY => row.Crop?.Y.ToString(CultureInfo.InvariantCulture) ?? "",
        ManifestColumns.CropW => row.Crop?.Width.ToString(CultureInfo.InvariantCulture) ?? "",
        ManifestColumns.CropH => row.Crop?.Height.ToString(CultureInfo.InvariantCulture) ?? "",
        _ => row.Extra is not null && row.Extra.TryGetValue(column, out var value) ? value : "",
    };

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
            return index < 0 ? null : values[index];
        }

        var path = Get(ManifestColumns.Path);
        if (string.IsNullOrWhiteSpace(path))
            throw new InvalidDataException($"{file}, row {row}: empty '{ManifestColumns.Path}'");

        CropBox? crop = null;
        if (header.Contains(ManifestColumns.CropX))
        {
            var parts = ManifestColumns.Crop.Select(Get).ToArray();
            if (parts.All(string.IsNullOrEmpty))
                crop = null; // this row uses the whole image
            else
            {
                var numbers = new int[4];
                for (var i = 0; i < 4; i++)
                    if (!int.TryParse(parts[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out numbers[i]))
                        throw new InvalidDataException($"{file}, row {row}: '{ManifestColumns.Crop[i]}' is not an integer: '{parts[i]}'");
                if (numbers[2] < 1 || numbers[3] < 1)
                    throw new InvalidDataException($"{file}, row {row}: crop box {numbers[2]}x{numbers[3]} must be at least 1x1");
                crop = new CropBox(numbers[0], numbers[1], numbers[2], numbers[3]);
            }
        }

        Dictionary<string, string>? extra = null;
        for (var i = 0; i < header.Length; i++)
        {
            if (ManifestColumns.IsKnown(header[i])) continue;
            extra ??= new Dictionary<string, string>(StringComparer.Ordinal);
            extra[header[i]] = values[i];
        }
        return new ManifestRow(path, NullIfEmpty(Get(ManifestColumns.Label)), NullIfEmpty(Get(ManifestColumns.Source)), crop, extra);
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
