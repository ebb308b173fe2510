using RedDino.Formats.Manifests;
using RedDino.Formats.Imaging;

namespace RedDino.Pretraining.Data.Sources;

/// <summary>Non-overlapping P x P patches cut from every image in a folder (RedDino trains on
/// 224 x 224 patches of whole smears). The rule: an image of W x H gives floor(W/P) x floor(H/P)
/// patches on a grid centred in the image (the leftover margin, under P pixels, is split evenly
/// and dropped, the odd pixel on the right/bottom). A side shorter than P gives one patch along it,
/// centred, the missing pixels filled by edge replication. Images are listed recursively in
/// ordinal order of their relative paths; labels are never read.</summary>
public sealed class SmearPatches : ITrainingImages
{
    private readonly string[] files;
    private readonly (int File, CropBox Box)[] patches;

    public SmearPatches(string folder, int patchSize, IEnumerable<string>? excludeLists = null)
    {
        files = ListImages(folder, excludeLists, out var excluded);
        ExcludedCount = excluded;
        PatchSize = patchSize;
        var sizes = new (int Width, int Height)[files.Length];
        ImageFiles.ForEachFile(files.Length, i => sizes[i] = ImageFiles.ReadSize(files[i]));
        patches = Enumerable.Range(0, files.Length)
            .SelectMany(i => Grid(sizes[i].Width, sizes[i].Height, patchSize).Select(box => (i, box))).ToArray();
    }

    /// <summary>The images under a folder (recursive, ordinal order of relative paths) minus the
    /// exclusion lists; none left is an error naming the folder.</summary>
    public static string[] ListImages(string folder, IEnumerable<string>? excludeLists, out int excludedCount)
    {
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"data.images: folder {folder} not found");
        var excluded = ExclusionList.Read(excludeLists ?? []);
        var all = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => ImageFiles.Extensions.Contains(Path.GetExtension(f)))
            .OrderBy(f => Path.GetRelativePath(folder, f), StringComparer.Ordinal)
            .ToArray();
        var kept = all.Where(f => !excluded.Matches(folder, f)).ToArray();
        excludedCount = all.Length - kept.Length;
        if (kept.Length == 0)
            throw new InvalidDataException($"data.images: no images under {folder} (after {excludedCount} exclusions)");
        return kept;
    }

    public int PatchSize { get; }
    public int ImageCount => files.Length;
    public int ExcludedCount { get; }
    public IReadOnlyList<string> Files => files;
    public int Count => patches.Length;

    public RgbImage Load(int index)
    {
        var (file, box) = patches[index];
        return ImageFiles.CropReplicate(ImageFiles.ReadRgb(files[file]), box);
    }

    public string Describe(int index) => $"{files[patches[index].File]} patch {patches[index].Box}";

    /// <summary>The patch boxes of a W x H image (see the class summary for the rule).</summary>
    public static IEnumerable<CropBox> Grid(int width, int height, int p)
    {
        static (int Start, int Count) Axis(int length, int p) =>
            length < p ? ((length - p) / 2 - ((length - p) % 2 != 0 ? 1 : 0), 1) : ((length % p) / 2, length / p);
        var (x0, nx) = Axis(width, p);
        var (y0, ny) = Axis(height, p);
        for (var y = 0; y < ny; y++)
            for (var x = 0; x < nx; x++)
                yield return new CropBox(x0 + x * p, y0 + y * p, p, p);
    }
}
