using RedDino.Formats.Manifests;
using RedDino.MLNet.Embeddings;
using RedDino.Formats.Imaging;

namespace RedDino.Cli.Commands;

/// <summary>The images `reddino visualize` works on: one file, or a manifest's rows (crop boxes honoured), each with
/// its output stem (the file name without extension; &lt;stem&gt;.row&lt;N&gt; for rows whose stems repeat) and a
/// description for errors ("FILE.csv, row N: path").</summary>
internal sealed record VisualizeImages(string Path, CropBox? Crop, string Stem, string Describe)
{
    public static IReadOnlyList<VisualizeImages> From(string? imagePath, string? manifestPath, string? dataRoot)
    {
        if (imagePath is not null)
        {
            if (!File.Exists(imagePath)) throw new FileNotFoundException($"Image not found: {imagePath}", imagePath);
            return [new VisualizeImages(imagePath, null, System.IO.Path.GetFileNameWithoutExtension(imagePath), imagePath)];
        }
        var manifest = Manifest.Read(manifestPath!);
        if (dataRoot is not null && !Directory.Exists(dataRoot))
            throw new DirectoryNotFoundException($"--data-root folder not found: {dataRoot}");
        if (manifest.Rows.Count == 0) throw new InvalidDataException($"{manifestPath}: the manifest has no rows");
        var baseFolder = manifest.BaseFolder(dataRoot);
        var stems = manifest.Rows.Select(r => System.IO.Path.GetFileNameWithoutExtension(r.Path)).ToArray();
        var repeated = stems.GroupBy(s => s, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        return manifest.Rows.Select((row, i) => new VisualizeImages(row.ResolvePath(baseFolder), row.Crop,
            repeated.Contains(stems[i]) ? $"{stems[i]}.row{i + 1}" : stems[i], $"{manifestPath}, row {i + 1}: {row.Path}")).ToArray();
    }

    /// <summary>The decoded (and cropped) image. Errors name the file, and the manifest row when there is one.</summary>
    public RgbImage Load()
    {
        try
        {
            var image = ImageDecoder.DecodeFile(Path);
            return Crop is { } box ? EdgeCrop.Crop(image, box) : image;
        }
        catch (Exception e) when (e is FileNotFoundException or InvalidDataException && Describe != Path)
        {
            throw new InvalidDataException($"{Describe}: {e.Message}", e);
        }
    }
}
