using RedDino.Formats.Imaging;
using RedDino.Formats.Manifests;

namespace RedDino.MLNet.Embeddings;

/// <summary>One image to embed: a file, encoded bytes or an already decoded image, with an optional
/// crop box. Files and bytes can be cached (their content hash is part of the key); decoded images cannot.</summary>
public sealed class ImageRequest
{
    private readonly string? _path;
    private readonly byte[]? _bytes;
    private readonly RgbImage? _image;

    private ImageRequest(string name, string? path, byte[]? bytes, RgbImage? image, CropBox? crop)
    {
        Name = name;
        _path = path;
        _bytes = bytes;
        _image = image;
        Crop = crop;
    }

    /// <summary>Path or name used in messages.</summary>
    public string Name { get; }

    /// <summary>Crop box in pixels of the decoded image, or null for the whole image.</summary>
    public CropBox? Crop { get; }

    /// <summary>An image file (read when the request is processed).</summary>
    public static ImageRequest FromFile(string path, CropBox? crop = null) => new(path, path, null, null, crop);

    /// <summary>Encoded image bytes (JPEG, PNG, BMP, TIFF, ...); <paramref name="name"/> appears in messages.</summary>
    public static ImageRequest FromBytes(byte[] data, string name, CropBox? crop = null) => new(name, null, data, null, crop);

    /// <summary>A decoded RGB image.</summary>
    public static ImageRequest FromImage(RgbImage image, string name, CropBox? crop = null) => new(name, null, null, image, crop);

    /// <summary>The encoded bytes (reading the file), or null for a decoded image.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    internal byte[]? ReadBytes()
    {
        if (_path is null) return _bytes;
        if (!File.Exists(_path)) throw new FileNotFoundException($"Image not found: {_path}", _path);
        return File.ReadAllBytes(_path);
    }

    /// <summary>The decoded image, from <paramref name="bytes"/> as returned by <see cref="ReadBytes"/>. The crop box
    /// and the size the file declares are checked against <paramref name="maxPixels"/> first.</summary>
    /// <exception cref="InvalidDataException">Not an image, or larger than the limit (names the image).</exception>
    internal RgbImage Decode(byte[]? bytes, long maxPixels)
    {
        if (Crop is { } box) ImageLimits.CheckCrop(box.Width, box.Height, maxPixels, Name);
        return _image ?? ImageDecoder.Decode(bytes, Name, maxPixels);
    }
}
