using OpenCvSharp;

namespace RedDino.Pretraining.Data.Sources;

/// <summary>An indexed set of training images (smear patches or cell crops), labels never used.
/// <see cref="Load"/> is thread-safe and returns a new 8-bit, 3-channel Mat in RGB order.</summary>
public interface ITrainingImages
{
    int Count { get; }

    Mat Load(int index);

    /// <summary>Where image <paramref name="index"/> comes from (for error messages).</summary>
    string Describe(int index);
}

/// <summary>Image decoding shared by the sources: OpenCV reads BGR; everything here is RGB.</summary>
public static class ImageFiles
{
    public static readonly IReadOnlySet<string> Extensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        ".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff", ".webp",
    };

    /// <summary>Decodes a file to an RGB 8UC3 Mat; an unreadable file is an error naming it.</summary>
    public static Mat ReadRgb(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"image not found: {path}", path);
        using var bgr = Cv2.ImRead(path, ImreadModes.Color);
        if (bgr.Empty())
            throw new InvalidDataException($"{path}: not a readable image");
        var rgb = new Mat();
        Cv2.CvtColor(bgr, rgb, ColorConversionCodes.BGR2RGB);
        return rgb;
    }

    /// <summary>The box cut from <paramref name="image"/>; parts outside the image are filled by
    /// edge replication (the manifest contract's rule).</summary>
    public static Mat CropReplicate(Mat image, Rect box)
    {
        var inside = box.Intersect(new Rect(0, 0, image.Width, image.Height));
        if (inside == box)
            return image[box].Clone();
        if (inside.Width <= 0 || inside.Height <= 0)
        {
            // Entirely outside: replicate the nearest edge pixel row/column.
            inside = new Rect(Math.Clamp(box.X, 0, image.Width - 1), Math.Clamp(box.Y, 0, image.Height - 1), 1, 1);
        }
        using var part = image[inside].Clone();
        var result = new Mat();
        Cv2.CopyMakeBorder(part, result,
            Math.Max(0, inside.Y - box.Y), Math.Max(0, box.Bottom - inside.Bottom),
            Math.Max(0, inside.X - box.X), Math.Max(0, box.Right - inside.Right), BorderTypes.Replicate);
        return result;
    }
}
