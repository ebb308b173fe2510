using OpenCvSharp;

namespace RedDino.Pretraining.Data.Sources;

/// <summary>Single cells found in smear images without any label: the green channel (where red
/// cells are darkest against the pale background) is blurred (5 x 5 Gaussian) and thresholded by
/// Otsu's method, specks are removed by an opening (5 x 5 ellipse), and every outer contour whose
/// area lies in [minArea, maxArea] pixels and whose bounding box does not touch the image border
/// is a cell; its crop is the size x size square centred on the contour's centroid (edge-replicated
/// past the border). Merged clumps and fragments fall outside the area range. Images are listed as
/// for <see cref="SmearPatches"/>; cells in image order, then contour order.</summary>
public sealed class SmearCells : ITrainingImages
{
    private readonly string[] files;
    private readonly (int File, Point Centre)[] cells;

    public SmearCells(string folder, int cropSize, int minArea, int maxArea, IEnumerable<string>? excludeLists = null)
    {
        files = SmearPatches.ListImages(folder, excludeLists, out var excluded);
        ExcludedCount = excluded;
        CropSize = cropSize;
        var found = new List<Point>[files.Length];
        Parallel.For(0, files.Length, i => found[i] = Detect(files[i], minArea, maxArea));
        cells = Enumerable.Range(0, files.Length).SelectMany(i => found[i].Select(c => (i, c))).ToArray();
        if (cells.Length == 0)
            throw new InvalidDataException($"data.images: no cells of {minArea}-{maxArea} px found under {folder} (see data.cell_min_area, data.cell_max_area)");
    }

    public int CropSize { get; }
    public int ImageCount => files.Length;
    public int ExcludedCount { get; }
    public int Count => cells.Length;

    public Mat Load(int index)
    {
        var (file, c) = cells[index];
        using var image = ImageFiles.ReadRgb(files[file]);
        return ImageFiles.CropReplicate(image, new Rect(c.X - CropSize / 2, c.Y - CropSize / 2, CropSize, CropSize));
    }

    public string Describe(int index) => $"{files[cells[index].File]} cell at {cells[index].Centre}";

    /// <summary>Cell centres in one image (see the class summary).</summary>
    public static List<Point> Detect(string path, int minArea, int maxArea)
    {
        using var rgb = ImageFiles.ReadRgb(path);
        using var green = new Mat();
        Cv2.ExtractChannel(rgb, green, 1);
        using var blurred = new Mat();
        Cv2.GaussianBlur(green, blurred, new Size(5, 5), 0);
        using var mask = new Mat();
        Cv2.Threshold(blurred, mask, 0, 255, ThresholdTypes.BinaryInv | ThresholdTypes.Otsu);
        using var kernel = Cv2.GetStructuringElement(MorphShapes.Ellipse, new Size(5, 5));
        using var opened = new Mat();
        Cv2.MorphologyEx(mask, opened, MorphTypes.Open, kernel);
        Cv2.FindContours(opened, out var contours, out _, RetrievalModes.External, ContourApproximationModes.ApproxSimple);
        var centres = new List<Point>();
        foreach (var contour in contours)
        {
            var area = Cv2.ContourArea(contour);
            var box = Cv2.BoundingRect(contour);
            if (area < minArea || area > maxArea || box.X <= 0 || box.Y <= 0 || box.Right >= rgb.Width || box.Bottom >= rgb.Height)
                continue;
            var m = Cv2.Moments(contour);
            centres.Add(new Point((int)Math.Round(m.M10 / m.M00), (int)Math.Round(m.M01 / m.M00)));
        }
        return centres;
    }
}
