using System.Text.RegularExpressions;
using RedDino.MLNet.Embeddings;
using RedDino.Formats.Manifests;

namespace RedDino.MLNet.Datasets;

/// <summary>Builds a manifest from a folder-per-class dataset (DSE, Elsafty, most single-cell
/// collections): every image under &lt;root&gt;/&lt;class&gt;/ (any depth) is one row labelled with
/// the class folder's name. Rows are ordered by class folder, then by relative path (ordinal string
/// order, so the same tree always gives the same manifest). Images directly in the root and
/// non-image files are skipped, with a warning.</summary>
public static class FolderManifestBuilder
{
    /// <summary>Builds the manifest of the tree at <paramref name="root"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">The root does not exist.</exception>
    /// <exception cref="InvalidDataException">No class folder holds an image, the regex is invalid, or it does not match an image (named).</exception>
    public static ManifestBuildResult Build(string root, FolderManifestOptions? options = null)
    {
        options ??= new FolderManifestOptions();
        var regex = options.SourceRegex is null ? null : Compile(options.SourceRegex);
        var images = ListImages(root, out var warnings);
        var rows = images.Select(image => new ManifestRow(
            ManifestPaths.ForManifest(image.FullPath, options.PathsRelativeTo),
            image.ClassName,
            regex is null ? null : SourceOf(regex, image.RelativePath, options.SourceRegex!))).ToList();
        var columns = new List<string> { ManifestColumns.Path, ManifestColumns.Label };
        if (regex is not null) columns.Add(ManifestColumns.Source);
        return new ManifestBuildResult(new Manifest(rows, columns), warnings);
    }

    /// <summary>An image found under a class folder.</summary>
    /// <param name="FullPath">Absolute path.</param>
    /// <param name="RelativePath">Path relative to the root, '/' separated, starting with the class folder.</param>
    /// <param name="ClassName">Name of the first-level folder.</param>
    internal sealed record ClassImage(string FullPath, string RelativePath, string ClassName);

    /// <summary>Every image of the tree in manifest order (class folder, then relative path, both ordinal).</summary>
    internal static IReadOnlyList<ClassImage> ListImages(string root, out IReadOnlyList<string> warnings)
    {
        if (!Directory.Exists(root))
            throw new DirectoryNotFoundException($"{root}: folder not found (expected one sub-folder per class)");
        var notes = new List<string>();
        var loose = Directory.EnumerateFiles(root).Count(ManifestPaths.IsImage);
        if (loose > 0) notes.Add($"{root}: skipped {loose} image(s) directly in the root (not in a class folder)");

        var images = new List<ClassImage>();
        foreach (var classFolder in Directory.EnumerateDirectories(root).Where(d => !IsHidden(d)).Order(StringComparer.Ordinal))
        {
            var className = Path.GetFileName(classFolder);
            var files = Directory.EnumerateFiles(classFolder, "*", SearchOption.AllDirectories)
                .Select(f => (Full: f, Relative: Path.GetRelativePath(root, f).Replace('\\', '/')))
                .Where(f => !f.Relative.Split('/').Any(part => part.StartsWith('.')))
                .ToList();
            var skipped = files.Count(f => !ManifestPaths.IsImage(f.Full));
            if (skipped > 0) notes.Add($"{classFolder}: skipped {skipped} file(s) that are not images ({string.Join(", ", DatasetDefaults.ImageExtensions)})");
            images.AddRange(files.Where(f => ManifestPaths.IsImage(f.Full)).OrderBy(f => f.Relative, StringComparer.Ordinal)
                .Select(f => new ClassImage(Path.GetFullPath(f.Full), f.Relative, className)));
        }
        if (images.Count == 0)
            throw new InvalidDataException($"{root}: no images found in class sub-folders (layout: <root>/<class>/<image>)");
        warnings = notes;
        return images;
    }

    private static bool IsHidden(string path) => Path.GetFileName(path).StartsWith('.');

    private static Regex Compile(string pattern)
    {
        try { return new Regex(pattern, RegexOptions.CultureInvariant); }
        catch (ArgumentException e) { throw new InvalidDataException($"--source-regex '{pattern}' is not a valid regular expression: {e.Message}", e); }
    }

    private static string SourceOf(Regex regex, string relativePath, string pattern)
    {
        var match = regex.Match(relativePath);
        if (!match.Success)
            throw new InvalidDataException($"{relativePath}: --source-regex '{pattern}' does not match this path, so it has no source");
        return match.Groups.Count > 1 ? match.Groups[1].Value : match.Value;
    }
}
