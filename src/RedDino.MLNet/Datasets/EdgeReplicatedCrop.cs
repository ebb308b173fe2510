using RedDino.MLNet.Data;
using SkiaSharp;

namespace RedDino.MLNet.Datasets;

/// <summary>Cuts a <see cref="CropBox"/> out of a decoded image; pixels outside the image take the
/// value of the nearest border pixel (edge replication, as the manifest contract asks).</summary>
public static class EdgeReplicatedCrop
{
    /// <summary>Returns a new RGBA bitmap of the box's size. <paramref name="source"/> must be decoded
    /// as <see cref="SKColorType.Rgba8888"/> or <see cref="SKColorType.Bgra8888"/>; the result has the same color type.</summary>
    public static SKBitmap Cut(SKBitmap source, CropBox box)
    {
        if (source.BytesPerPixel != 4)
            throw new ArgumentException($"expected a 4-byte-per-pixel bitmap, got {source.ColorType}", nameof(source));
        var result = new SKBitmap(new SKImageInfo(box.Width, box.Height, source.ColorType, source.AlphaType));
        var from = source.GetPixelSpan();
        int sourceStride = source.RowBytes, targetStride = result.RowBytes;
        var to = new byte[targetStride * box.Height];
        for (var y = 0; y < box.Height; y++)
        {
            var sy = Math.Clamp(box.Y + y, 0, source.Height - 1);
            for (var x = 0; x < box.Width; x++)
            {
                var sx = Math.Clamp(box.X + x, 0, source.Width - 1);
                from.Slice(sy * sourceStride + sx * 4, 4).CopyTo(to.AsSpan(y * targetStride + x * 4, 4));
            }
        }
        System.Runtime.InteropServices.Marshal.Copy(to, 0, result.GetPixels(), to.Length);
        return result;
    }

    /// <summary>Decodes an image file as unpremultiplied RGBA; a file that cannot be decoded is an
    /// <see cref="InvalidDataException"/> naming it.</summary>
    public static SKBitmap Decode(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Image not found: {path}", path);
        using var codec = SKCodec.Create(path)
            ?? throw new InvalidDataException($"{path}: not a readable image (SkiaSharp could not decode it)");
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        return SKBitmap.Decode(codec, info)
            ?? throw new InvalidDataException($"{path}: not a readable image (decoding failed)");
    }

    /// <summary>Writes a bitmap as PNG (lossless, so a crop file holds exactly the cut pixels).</summary>
    public static void SavePng(SKBitmap bitmap, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        data.SaveTo(file);
    }
}
