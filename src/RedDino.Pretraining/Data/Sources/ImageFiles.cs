using RedDino.Formats.Manifests;
using RedDino.Formats.Imaging;
using SkiaSharp;

namespace RedDino.Pretraining.Data.Sources;

/// <summary>Image reading shared by the sources: the project's decoder (the one inference uses,
/// so training and embedding see the same pixels), the image size from the file header, and crops
/// that replicate the edge past the border.</summary>
public static class ImageFiles
{
    public static readonly IReadOnlySet<string> Extensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        ".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff", ".webp",
    };

    /// <summary>Decodes a file to RGB; a missing or unreadable file is an error naming it.</summary>
    public static RgbImage ReadRgb(string path) => ImageDecoder.DecodeFile(path);

    /// <summary>Width and height, from the header where SkiaSharp can read it (JPEG, PNG, BMP,
    /// WebP), else by decoding (TIFF); an unreadable file is an error naming it.</summary>
    public static (int Width, int Height) ReadSize(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Image not found: {path}", path);
        using (var codec = SKCodec.Create(path))
            if (codec is { Info: { Width: > 0, Height: > 0 } info })
                return (info.Width, info.Height);
        var image = ReadRgb(path);
        return (image.Width, image.Height);
    }

    /// <summary>Runs <paramref name="body"/> for files 0 .. count - 1 in parallel; a failure surfaces as
    /// the first file's own exception (naming that file), not as an AggregateException.</summary>
    internal static void ForEachFile(int count, Action<int> body)
    {
        try
        {
            Parallel.For(0, count, body);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
    }

    /// <summary>The box cut from <paramref name="image"/>; parts outside the image are filled by
    /// edge replication (the manifest contract's rule).</summary>
    public static RgbImage CropReplicate(RgbImage image, CropBox box) => EdgeCrop.Crop(image, box);
}
