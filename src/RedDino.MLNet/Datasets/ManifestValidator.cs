using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using RedDino.MLNet.Embeddings;
using RedDino.Formats.Manifests;
using RedDino.Formats.Imaging;
using RedDino.Formats.Text;

namespace RedDino.MLNet.Datasets;

/// <summary>Checks a manifest before a long run and reports every problem at once (where
/// <see cref="Manifest.Read"/> stops at the first): missing files, unreadable images, duplicate
/// rows, empty labels, classes smaller than the fold count, bad crop boxes. Images are checked by
/// decoding their header only (size and format), once per file.</summary>
public static class ManifestValidator
{
    /// <summary>Validates the manifest at <paramref name="path"/>.</summary>
    /// <param name="path">Manifest CSV.</param>
    /// <param name="folds">Fold count of the intended k-fold protocol; every class needs at least this many rows.</param>
    /// <param name="dataRoot">Folder relative paths resolve against, or null for the manifest's folder.</param>
    /// <param name="maxImagePixels">Largest width x height of an image or crop box that embedding would decode
    /// (<see cref="RedDinoEmbeddingOptions.MaxImagePixels"/>); larger ones are reported.</param>
    /// <exception cref="FileNotFoundException">The manifest does not exist.</exception>
    /// <exception cref="InvalidDataException">The manifest is not valid UTF-8 (or UTF-16/32 with a byte order mark).</exception>
    public static ManifestValidationReport Validate(string path, int folds = 5, string? dataRoot = null,
        long maxImagePixels = RedDinoEmbeddingDefaults.MaxImagePixels)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Manifest not found: {path}", path);
        var issues = new List<ManifestIssue>();
        var rows = ReadRows(path, issues, out var hasLabelColumn);
        if (rows is null) return new ManifestValidationReport(path, 0, new Dictionary<string, int>(), 0, issues);

        var baseFolder = dataRoot ?? Path.GetDirectoryName(Path.GetFullPath(path))!;
        CheckFiles(rows, baseFolder, maxImagePixels, issues);
        CheckDuplicates(rows, issues);
        var classCounts = CheckLabels(rows, folds, hasLabelColumn, issues);
        var sources = rows.Select(r => r.Row.Source).Where(s => s is not null).Distinct().Count();
        return new ManifestValidationReport(path, rows.Count, classCounts, sources,
            issues.OrderBy(i => i.Kind).ThenBy(i => i.Line ?? 0).ToList());
    }

    private sealed record LineRow(int Line, ManifestRow Row);

    // Reads every row it can; a row that does not parse becomes an issue instead of stopping the read.
    private static List<LineRow>? ReadRows(string path, List<ManifestIssue> issues, out bool hasLabelColumn)
    {
        hasLabelColumn = false;
        using var reader = TextFile.Open(path);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { DetectColumnCountChanges = true });
        string[]? header;
        try
        {
            header = csv.Read() && csv.ReadHeader() ? csv.HeaderRecord : null;
        }
        catch (CsvHelperException e)
        {
            issues.Add(new ManifestIssue(ManifestIssueKind.BadHeader, 1, $"{path}: malformed CSV header ({e.Message.Split('\n')[0]})"));
            return null;
        }
        if (header is null)
        {
            issues.Add(new ManifestIssue(ManifestIssueKind.BadHeader, 1, $"{path}: empty file (a header row with a 'path' column is required)"));
            return null;
        }
        var headerProblem = HeaderProblem(header);
        if (headerProblem is not null)
        {
            issues.Add(new ManifestIssue(ManifestIssueKind.BadHeader, 1, headerProblem));
            return null;
        }
        hasLabelColumn = header.Contains(ManifestColumns.Label);
        if (!hasLabelColumn)
            issues.Add(new ManifestIssue(ManifestIssueKind.EmptyLabel, 1, "no 'label' column: usable for embed, not for eval or bench", IsError: false));

        var rows = new List<LineRow>();
        try
        {
            for (var row = 1; csv.Read(); row++)
            {
                var line = csv.Parser.RawRow;
                try { rows.Add(new LineRow(line, Manifest.ParseRow(path, header, csv.Parser.Record!, row))); }
                catch (InvalidDataException e)
                {
                    var kind = e.Message.Contains("crop", StringComparison.Ordinal) ? ManifestIssueKind.BadCropBox : ManifestIssueKind.BadRow;
                    issues.Add(new ManifestIssue(kind, line, e.Message));
                }
            }
        }
        catch (CsvHelperException e)
        {
            issues.Add(new ManifestIssue(ManifestIssueKind.BadRow, e.Context?.Parser?.RawRow, $"malformed CSV ({e.Message.Split('\n')[0]}); rows after it were not read"));
        }
        return rows;
    }

    private static string? HeaderProblem(string[] header)
    {
        if (!header.Contains(ManifestColumns.Path))
            return $"the header has no 'path' column (found: {string.Join(", ", header)})";
        var duplicate = header.GroupBy(h => h).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) return $"column '{duplicate.Key}' appears twice in the header";
        var missing = ManifestColumns.Crop.Where(c => !header.Contains(c)).ToList();
        return missing.Count is > 0 and < 4 ? $"a crop box needs all of {string.Join(",", ManifestColumns.Crop)}; missing: {string.Join(",", missing)}" : null;
    }

    private static void CheckFiles(List<LineRow> rows, string baseFolder, long maxImagePixels, List<ManifestIssue> issues)
    {
        var sizes = new Dictionary<string, (int Width, int Height)?>(StringComparer.Ordinal);
        foreach (var (line, row) in rows)
        {
            var file = row.ResolvePath(baseFolder);
            if (!sizes.TryGetValue(file, out var size))
            {
                size = ImageSize(file, line, maxImagePixels, issues);
                sizes[file] = size;
            }
            if (row.Crop is { } crop && (long)crop.Width * crop.Height > maxImagePixels)
            {
                issues.Add(new ManifestIssue(ManifestIssueKind.BadCropBox, line,
                    string.Create(CultureInfo.InvariantCulture, $"crop box {crop} of {row.Path} holds {(long)crop.Width * crop.Height:N0} pixels, more than the limit of {maxImagePixels:N0}")));
                continue;
            }
            if (size is { } s && row.Crop is { } box &&
                (box.X >= s.Width || box.Y >= s.Height || box.X + box.Width <= 0 || box.Y + box.Height <= 0))
                issues.Add(new ManifestIssue(ManifestIssueKind.BadCropBox, line,
                    $"crop box {box} lies entirely outside {row.Path} ({s.Width}x{s.Height})"));
        }
    }

    // The image's size from its header, or null (with an issue) when it is missing or not an image.
    // (ImageDecoder's header readers: the same decoders embedding uses, TIFF included.)
    private static (int Width, int Height)? ImageSize(string file, int line, long maxImagePixels, List<ManifestIssue> issues)
    {
        if (!File.Exists(file))
        {
            issues.Add(new ManifestIssue(ManifestIssueKind.MissingFile, line, $"file not found: {file}"));
            return null;
        }
        try
        {
            return ImageDecoder.ReadSize(file, maxImagePixels);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            // The decoder's reason names the file (unknown format, truncated, larger than the pixel limit).
            issues.Add(new ManifestIssue(ManifestIssueKind.UnreadableImage, line, $"not a readable image: {e.Message}"));
            return null;
        }
    }

    private static void CheckDuplicates(List<LineRow> rows, List<ManifestIssue> issues)
    {
        var first = new Dictionary<(string, CropBox?), int>();
        foreach (var (line, row) in rows)
            if (!first.TryAdd((row.Path, row.Crop), line))
                issues.Add(new ManifestIssue(ManifestIssueKind.DuplicateRow, line,
                    $"{row.Path}{(row.Crop is { } c ? $" crop {c}" : "")} repeats line {first[(row.Path, row.Crop)]}"));
    }

    private static SortedDictionary<string, int> CheckLabels(List<LineRow> rows, int folds, bool hasLabelColumn, List<ManifestIssue> issues)
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var (line, row) in rows)
        {
            if (row.Label is not null) counts[row.Label] = counts.GetValueOrDefault(row.Label) + 1;
            else if (hasLabelColumn) issues.Add(new ManifestIssue(ManifestIssueKind.EmptyLabel, line, $"{row.Path}: empty label"));
        }
        foreach (var (label, count) in counts.Where(c => c.Value < folds))
            issues.Add(new ManifestIssue(ManifestIssueKind.ClassSmallerThanFolds, null,
                $"class '{label}' has {count} row(s), fewer than the {folds} folds: it cannot appear in every test fold"));
        return counts;
    }
}
