namespace RedDino.MLNet.Embeddings;

/// <summary>Column names of a manifest loaded with <c>mlContext.Data.LoadRedDinoManifest</c>.</summary>
public static class ManifestViewColumns
{
    /// <summary>Text: the image path, resolved against the data root or the manifest's folder.</summary>
    public const string ImagePath = "ImagePath";

    /// <summary>Text: the label ("" when the manifest has none).</summary>
    public const string Label = "Label";

    /// <summary>Text: the source ("" when the manifest has none).</summary>
    public const string Source = "Source";

    /// <summary>Vector of 4 floats: the crop box x, y, w, h, or four NaN for the whole image.</summary>
    public const string CropBox = "CropBox";

    /// <summary>The four names above.</summary>
    public static IReadOnlyList<string> All { get; } = [ImagePath, Label, Source, CropBox];
}
