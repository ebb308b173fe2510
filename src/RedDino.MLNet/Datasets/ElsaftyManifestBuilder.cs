using System.Globalization;
using System.Text.RegularExpressions;
using CsvHelper;
using RedDino.Formats.Text;
using RedDino.MLNet.Embeddings;
using RedDino.Formats.Manifests;

namespace RedDino.MLNet.Datasets;

/// <summary>Builds the Elsafty manifest ("1 Million Segmented Red Blood Cells ... 25 Manual Blood
/// Smears", Scientific Data 2024): one folder per class, the slide number in each file name as
/// "Slide (N)". The source of a row (the group left out by leave-one-source-out) is the acquisition
/// group of its slide, read from a user-supplied CSV with columns slide,source; without that file
/// every slide is its own source, and a warning says so. Rows follow <see cref="FolderManifestBuilder"/>'s
/// order; a pass-through column "slide" keeps the slide number.</summary>
public static partial class ElsaftyManifestBuilder
{
    [GeneratedRegex(DatasetDefaults.ElsaftySlidePattern, RegexOptions.CultureInvariant)]
    private static partial Regex SlidePattern();

    /// <summary>Builds the manifest of the tree at <paramref name="root"/>.</summary>
    /// <param name="root">Folder with one sub-folder per class.</param>
    /// <param name="sourcesCsv">CSV with a header and columns slide,source (slide as a number), or null.</param>
    /// <param name="pathsRelativeTo">Folder the manifest will be written to, or null for absolute paths.</param>
    /// <exception cref="InvalidDataException">A file name has no "Slide (N)", or a slide is missing from the sources file (both named).</exception>
    public static ManifestBuildResult Build(string root, string? sourcesCsv = null, string? pathsRelativeTo = null)
    {
        var images = FolderManifestBuilder.ListImages(root, out var folderWarnings);
        var warnings = folderWarnings.ToList();
        var sources = sourcesCsv is null ? null : ReadSources(sourcesCsv);
        var rows = new List<ManifestRow>(images.Count);
        foreach (var image in images)
        {
            var match = SlidePattern().Match(Path.GetFileName(image.RelativePath));
            if (!match.Success)
                throw new InvalidDataException($"{image.RelativePath}: no 'Slide (N)' in the file name, so its slide (and source) is unknown");
            var slide = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            string source;
            if (sources is null) source = $"slide_{slide}";
            else if (!sources.TryGetValue(slide, out source!))
                throw new InvalidDataException($"{sourcesCsv}: slide {slide} (of {image.RelativePath}) has no row, so its source is unknown");
            rows.Add(new ManifestRow(ManifestPaths.ForManifest(image.FullPath, pathsRelativeTo), image.ClassName, source, null,
                new Dictionary<string, string> { ["slide"] = slide.ToString(CultureInfo.InvariantCulture) }));
        }
        if (sources is null)
            warnings.Add($"no --sources file: every slide is its own source ({rows.Select(r => r.Source).Distinct().Count()} sources); " +
                         "the paper groups the 25 slides into 4 acquisition sources: give them as a slide,source CSV");
        var columns = new[] { ManifestColumns.Path, ManifestColumns.Label, ManifestColumns.Source, "slide" };
        return new ManifestBuildResult(new Manifest(rows, columns), warnings);
    }

    /// <summary>Reads slide,source rows (header required; the slide may be written "3" or "Slide (3)").</summary>
    public static IReadOnlyDictionary<int, string> ReadSources(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Sources file not found: {path}", path);
        using var reader = TextFile.Open(path);
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        var sources = new Dictionary<int, string>();
        try
        {
            if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { } header)
                throw new InvalidDataException($"{path}: empty (expected a header 'slide,source')");
            int slideColumn = Array.IndexOf(header, "slide"), sourceColumn = Array.IndexOf(header, "source");
            if (slideColumn < 0 || sourceColumn < 0)
                throw new InvalidDataException($"{path}: the header must have columns 'slide' and 'source' (found: {string.Join(",", header)})");
            for (var row = 1; csv.Read(); row++)
            {
                var slideText = csv.GetField(slideColumn) ?? "";
                var match = SlidePattern().Match(slideText);
                var digits = match.Success ? match.Groups[1].Value : slideText.Trim();
                if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var slide))
                    throw new InvalidDataException($"{path}, row {row}: 'slide' is not a slide number: '{slideText}'");
                var source = csv.GetField(sourceColumn)?.Trim();
                if (string.IsNullOrEmpty(source))
                    throw new InvalidDataException($"{path}, row {row}: empty 'source' for slide {slide}");
                if (!sources.TryAdd(slide, source))
                    throw new InvalidDataException($"{path}, row {row}: slide {slide} is listed twice");
            }
        }
        catch (CsvHelperException e)
        {
            throw new InvalidDataException($"{path}, row {sources.Count + 1}: malformed CSV ({e.Message.Split('\n')[0]})", e);
        }
        return sources;
    }
}
