namespace RedDino.MLNet.Datasets;

/// <summary>How builders write paths: relative to the folder the manifest will live in (so the
/// manifest and its images move together), always with '/' separators.</summary>
internal static class ManifestPaths
{
    public static string ForManifest(string fullPath, string? relativeTo)
    {
        var path = relativeTo is null ? Path.GetFullPath(fullPath) : Path.GetRelativePath(Path.GetFullPath(relativeTo), Path.GetFullPath(fullPath));
        return path.Replace('\\', '/');
    }

    public static bool IsImage(string path) =>
        DatasetDefaults.ImageExtensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);
}
