using RedDino.Formats.Imaging;
using RedDino.Formats.Manifests;

namespace RedDino.Pretraining.Data.Sources;

/// <summary>Single-cell crops from a manifest (the paper's cell-crop ablation): each row's crop box
/// (edge-replicated past the border), or the whole image when the row has none. Labels are never
/// read.</summary>
public sealed class CellCrops : ITrainingImages
{
    private readonly Manifest manifest;
    private readonly string[] paths;

    public CellCrops(string manifestPath, string? dataRoot)
    {
        manifest = Manifest.Read(manifestPath);
        if (manifest.Rows.Count == 0)
            throw new InvalidDataException($"data.manifest: {manifestPath} has no rows");
        var baseFolder = manifest.BaseFolder(string.IsNullOrEmpty(dataRoot) ? null : dataRoot);
        paths = manifest.Rows.Select(r => r.ResolvePath(baseFolder)).ToArray();
    }

    public int Count => paths.Length;

    public RgbImage Load(int index)
    {
        var image = ImageFiles.ReadRgb(paths[index]);
        return manifest.Rows[index].Crop is { } c ? ImageFiles.CropReplicate(image, c) : image;
    }

    public string Describe(int index) => $"{manifest.FilePath} row {index + 1} ({paths[index]})"; // 1-based data row
}
