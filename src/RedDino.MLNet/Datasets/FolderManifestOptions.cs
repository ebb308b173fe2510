namespace RedDino.MLNet.Datasets;

/// <summary>Options of <see cref="FolderManifestBuilder"/>.</summary>
public sealed class FolderManifestOptions
{
    /// <summary>A regular expression matched against each image's path relative to the root (with
    /// '/' separators); its first capture group (or the whole match when it has none) becomes the
    /// row's source. An image it does not match is an error. Null: no source column.</summary>
    public string? SourceRegex;

    /// <summary>Folder the manifest will be written to: paths are made relative to it. Null writes absolute paths.</summary>
    public string? PathsRelativeTo;
}
