namespace RedDino.MLNet.Datasets;

/// <summary>Defaults of the manifest builders, in one place.</summary>
public static class DatasetDefaults
{
    /// <summary>Side of the square Chula crop centred on a labelled cell, in pixels of the 640x480 smear.
    /// 80 px holds one red cell (about 50-70 px across at 1000x) with some margin.</summary>
    public const int ChulaCropSize = 80;

    /// <summary>Elsafty file names carry their slide as "Slide (N)".</summary>
    public const string ElsaftySlidePattern = @"Slide \((\d+)\)";

    /// <summary>File extensions the folder builders take as images (compared case-insensitively).</summary>
    public static IReadOnlyList<string> ImageExtensions { get; } = [".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".webp"];
}
