using SkiaSharp;

namespace RedDino.MLNet.Tests.Datasets;

/// <summary>Small copies of the published dataset layouts, made by the tests themselves (the real
/// Elsafty and DSE sets cannot be downloaded on the build machines).</summary>
internal static class ReplicaTrees
{
    /// <summary>Writes a width x height PNG whose pixel (x, y) is RGB (x, y, seed): every pixel is
    /// distinguishable, so crop tests can tell exactly which source pixel landed where.</summary>
    public static void WritePng(string path, int width = 16, int height = 12, byte seed = 7)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
                bitmap.SetPixel(x, y, new SKColor((byte)x, (byte)y, seed));
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
    }

    /// <summary>A Chula RBC-12 copy: README with the class list, Dataset/N.png smears, Label/N.txt.</summary>
    public static string Chula(params (int Smear, string Labels)[] smears)
    {
        var root = RedDino.Tests.Shared.RepoPaths.NewTempFolder("chula-replica");
        File.WriteAllText(Path.Combine(root, "README.md"),
            "# Chula RBC-12-Dataset\n\n## RBC Types\n- 0 Normal cell\n- 1 Macrocyte\n- 2 Microcyte\n\n## Dataset\n- 3 not a class\n");
        Directory.CreateDirectory(Path.Combine(root, "Label"));
        foreach (var (smear, labels) in smears)
        {
            WritePng(Path.Combine(root, "Dataset", $"{smear}.png"), 40, 30, (byte)smear);
            File.WriteAllText(Path.Combine(root, "Label", $"{smear}.txt"), labels);
        }
        return root;
    }

    /// <summary>A folder-per-class tree: class name to file names (relative, may contain sub-folders).</summary>
    public static string Folders(IReadOnlyDictionary<string, string[]> classes)
    {
        var root = RedDino.Tests.Shared.RepoPaths.NewTempFolder("folders-replica");
        foreach (var (className, files) in classes)
            foreach (var file in files)
            {
                var path = Path.Combine(root, className, file);
                if (file.EndsWith(".txt", StringComparison.Ordinal)) { Directory.CreateDirectory(Path.GetDirectoryName(path)!); File.WriteAllText(path, "notes"); }
                else WritePng(path, 8, 8);
            }
        return root;
    }
}
