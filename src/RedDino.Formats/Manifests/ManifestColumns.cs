namespace RedDino.Formats.Manifests;

/// <summary>Column names of the manifest CSV fixed by the contract.</summary>
public static class ManifestColumns
{
    /// <summary>Image path, relative to the manifest's folder or --data-root (required).</summary>
    public const string Path = "path";
    /// <summary>Class label (optional).</summary>
    public const string Label = "label";
    /// <summary>Acquisition source, e.g. a site or slide group (optional).</summary>
    public const string Source = "source";
    /// <summary>Crop box left edge in pixels (the four crop columns come together).</summary>
    public const string CropX = "crop_x";
    /// <summary>Crop box top edge in pixels.</summary>
    public const string CropY = "crop_y";
    /// <summary>Crop box width in pixels.</summary>
    public const string CropW = "crop_w";
    /// <summary>Crop box height in pixels.</summary>
    public const string CropH = "crop_h";

    /// <summary>The four crop columns in their canonical order.</summary>
    public static IReadOnlyList<string> Crop { get; } = [CropX, CropY, CropW, CropH];

    /// <summary>True for the columns the manifest reader interprets (the rest pass through).</summary>
    public static bool IsKnown(string column) =>
        column is Path or Label or Source or CropX or CropY or CropW or CropH;
}
