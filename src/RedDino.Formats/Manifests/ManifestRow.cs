namespace RedDino.Formats.Manifests;

/// <summary>One image of a manifest (docs/formats/manifest.md).</summary>
/// <param name="Path">The path exactly as written in the manifest.</param>
/// <param name="Label">Class label, or null when the manifest has no label column.</param>
/// <param name="Source">Acquisition source (for leave-one-source-out), or null.</param>
/// <param name="Crop">Crop box in pixels of the source image, or null for the whole image.</param>
/// <param name="Extra">Any other columns, passed through untouched (column name to value).</param>
public sealed record ManifestRow(
    string Path,
    string? Label = null,
    string? Source = null,
    CropBox? Crop = null,
    IReadOnlyDictionary<string, string>? Extra = null)
{
    /// <summary>Why the row cannot be used (e.g. a malformed crop box), or null for a good row. Only
    /// <see cref="Manifest.Read(string, bool)"/> with <c>keepBadRows</c> returns such rows; the embedding
    /// engine reports them as bad rows (skipped under SkipBad).</summary>
    public string? Problem { get; init; }

    /// <summary>The path resolved against a base folder (the manifest's folder or --data-root);
    /// absolute paths are returned unchanged.</summary>
    public string ResolvePath(string baseFolder) =>
        System.IO.Path.IsPathRooted(Path) ? Path : System.IO.Path.GetFullPath(System.IO.Path.Combine(baseFolder, Path));
}
