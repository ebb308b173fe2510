using RedDino.Formats.Manifests;
using RedDino.Formats.Imaging;
using RedDino.Pretraining.Data.Imaging;

namespace RedDino.Pretraining.Data.Sources;

/// <summary>Single cells found in smear images without any label: the green channel (where red
/// cells are darkest against the pale background) is blurred (5 x 5 Gaussian) and thresholded by
/// Otsu's method, specks are removed by an opening (5 x 5 ellipse), and every outer contour whose
/// area lies in [minArea, maxArea] pixels and whose bounding box does not touch the image border
/// is a cell; its crop is the size x size square centred on the contour's centroid (edge-replicated
/// past the border). Areas and centroids are those of the contour polygon through the border
/// pixels (OpenCV's contourArea and moments), and a cell's pale centre does not count as a hole.
/// Merged clumps and fragments fall outside the area range. Images are listed as for
/// <see cref="SmearPatches"/>; cells in image order, then in raster order of their top-left pixel.</summary>
public sealed class SmearCells : ITrainingImages
{
    private readonly string[] files;
    private readonly (int File, int X, int Y)[] cells;

    public SmearCells(string folder, int cropSize, int minArea, int maxArea, IEnumerable<string>? excludeLists = null)
    {
        files = SmearPatches.ListImages(folder, excludeLists, out var excluded);
        ExcludedCount = excluded;
        CropSize = cropSize;
        var found = new List<(int X, int Y)>[files.Length];
        ImageFiles.ForEachFile(files.Length, i => found[i] = Detect(files[i], minArea, maxArea));
        cells = Enumerable.Range(0, files.Length).SelectMany(i => found[i].Select(c => (i, c.X, c.Y))).ToArray();
        if (cells.Length == 0)
            throw new InvalidDataException($"data.images: no cells of {minArea}-{maxArea} px found under {folder} (see data.cell_min_area, data.cell_max_area)");
    }

    public int CropSize { get; }
    public int ImageCount => files.Length;
    public int ExcludedCount { get; }
    public int Count => cells.Length;

    public RgbImage Load(int index)
    {
        var (file, x, y) = cells[index];
        var image = ImageFiles.ReadRgb(files[file]);
        return ImageFiles.CropReplicate(image, new CropBox(x - CropSize / 2, y - CropSize / 2, CropSize, CropSize));
    }

    public string Describe(int index) => $"{files[cells[index].File]} cell at ({cells[index].X}, {cells[index].Y})";

    /// <summary>Cell centres in one image (see the class summary).</summary>
    public static List<(int X, int Y)> Detect(string path, int minArea, int maxArea) => Detect(ImageFiles.ReadRgb(path), minArea, maxArea);

    /// <summary>Cell centres in a decoded image.</summary>
    public static List<(int X, int Y)> Detect(RgbImage rgb, int minArea, int maxArea)
    {
        var blurred = Blurs.Gaussian(((Raster)rgb).Channel(1), 5, 0);
        var mask = Histogram.BinaryInverse(blurred, Histogram.OtsuThreshold(blurred.Data));
        var opened = Morphology.Open(mask, Morphology.Ellipse(5, 5));
        var centres = new List<(int X, int Y)>();
        foreach (var blob in Blobs.Outer(opened))
        {
            if (blob.Area < minArea || blob.Area > maxArea || blob.Left <= 0 || blob.Top <= 0
                || blob.Left + blob.Width >= rgb.Width || blob.Top + blob.Height >= rgb.Height)
                continue;
            centres.Add(((int)Math.Round(blob.CentroidX), (int)Math.Round(blob.CentroidY)));
        }
        return centres;
    }
}
