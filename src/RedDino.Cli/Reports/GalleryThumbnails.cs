using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using RedDino.Formats.Imaging;
using RedDino.Formats.Manifests;
using SkiaSharp;

namespace RedDino.Cli.Reports;

/// <summary>Small JPEG data URIs of gallery cells, as the backbones saw them: the image decoded as the
/// embedding engine decodes it (<see cref="ImageDecoder"/>), the row's crop box cut with edge replication
/// (<see cref="EdgeCrop"/>), then scaled (Pillow's bilinear) so its longer side is <see cref="Size"/> pixels.
/// Each image file is decoded once, whatever the number of its cells.</summary>
internal static class GalleryThumbnails
{
    /// <summary>Longer side of a thumbnail in pixels.</summary>
    public const int Size = 64;

    /// <summary>JPEG quality (0-100): small files, cell outlines intact at this size.</summary>
    public const int JpegQuality = 85;

    /// <summary>Data URIs by row; a row whose image cannot be read is absent (and named once in <paramref name="log"/>).</summary>
    public static IReadOnlyDictionary<int, string> Load(IReadOnlyList<ManifestRow> rows, IEnumerable<int> wanted, string imageFolder, Action<string>? log)
    {
        var thumbnails = new ConcurrentDictionary<int, string>();
        var byFile = wanted.Distinct().GroupBy(i => rows[i].ResolvePath(imageFolder)).ToList();
        Parallel.ForEach(byFile, file =>
        {
            try
            {
                var image = ImageDecoder.DecodeFile(file.Key);
                foreach (var row in file)
                    thumbnails[row] = "data:image/jpeg;base64," + Convert.ToBase64String(Jpeg(Thumbnail(image, rows[row].Crop)));
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or ArgumentException)
            {
                log?.Invoke($"warning: nearest-neighbour gallery: no thumbnail for row {file.First() + 1} ({e.Message})");
            }
        });
        return thumbnails;
    }

    /// <summary>The crop (or the whole image) scaled so its longer side is <see cref="Size"/>.</summary>
    internal static RgbImage Thumbnail(RgbImage image, CropBox? crop)
    {
        var cell = crop is { } box ? EdgeCrop.Crop(image, box) : image;
        var scale = (double)Size / Math.Max(cell.Width, cell.Height);
        var width = Math.Max(1, (int)Math.Round(cell.Width * scale));
        var height = Math.Max(1, (int)Math.Round(cell.Height * scale));
        return width == cell.Width && height == cell.Height ? cell : PillowBilinear.Resize(cell, width, height);
    }

    internal static byte[] Jpeg(RgbImage image)
    {
        var rgba = image.ToRgba();
        using var bitmap = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        Marshal.Copy(rgba, 0, bitmap.GetPixels(), rgba.Length);
        using var encoded = bitmap.Encode(SKEncodedImageFormat.Jpeg, JpegQuality)
            ?? throw new InvalidOperationException("SkiaSharp could not encode a JPEG thumbnail");
        return encoded.ToArray();
    }
}
