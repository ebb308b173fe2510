using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;
using RedDino.Formats.Imaging;
using RedDino.Formats.Manifests;

namespace RedDino.MLNet.Embeddings;

/// <summary>The three input column types the embedding transform accepts and how a row's value
/// becomes an <see cref="ImageRequest"/>.</summary>
internal static class ImageInputColumn
{
    public enum Kind
    {
        /// <summary>Text: an image file path (relative paths resolve against ImageFolder).</summary>
        Path,
        /// <summary>A vector of bytes: the encoded file (JPEG, PNG, TIFF, ...).</summary>
        Bytes,
        /// <summary>An ML.NET <see cref="MLImage"/> (e.g. from LoadImages).</summary>
        Image,
    }

    public const string Expected = "String (image path), Vector<Byte> (encoded image) or Image (MLImage)";

    public static Kind? Classify(DataViewType type) => type switch
    {
        TextDataViewType => Kind.Path,
        VectorDataViewType { ItemType: var item } when item == NumberDataViewType.Byte => Kind.Bytes,
        ImageDataViewType => Kind.Image,
        _ => null,
    };

    public static Kind? Classify(SchemaShape.Column column) => column switch
    {
        { Kind: SchemaShape.Column.VectorKind.Scalar, ItemType: TextDataViewType } => Kind.Path,
        { Kind: not SchemaShape.Column.VectorKind.Scalar, ItemType: var item } when item == NumberDataViewType.Byte => Kind.Bytes,
        { Kind: SchemaShape.Column.VectorKind.Scalar, ItemType: ImageDataViewType } => Kind.Image,
        _ => null,
    };

    /// <summary>A function that reads the row's current value as a request (copies what it needs, so
    /// the request stays valid after the row moves on), with the row's crop box when <paramref name="crops"/> is given.</summary>
    public static Func<ImageRequest> Reader(DataViewRow row, DataViewSchema.Column column, string? imageFolder, CropColumns? crops)
    {
        var readCrop = crops?.Reader(row) ?? (() => null);
        return Reader(row, column, imageFolder, readCrop);
    }

    private static Func<ImageRequest> Reader(DataViewRow row, DataViewSchema.Column column, string? imageFolder, Func<CropBox?> crop)
    {
        switch (Classify(column.Type))
        {
            case Kind.Path:
            {
                var getter = row.GetGetter<ReadOnlyMemory<char>>(column);
                var folder = imageFolder ?? Directory.GetCurrentDirectory();
                return () =>
                {
                    ReadOnlyMemory<char> text = default;
                    getter(ref text);
                    var path = text.ToString();
                    if (string.IsNullOrWhiteSpace(path))
                        throw new InvalidDataException($"column '{column.Name}', row {row.Position + 1}: empty image path");
                    return ImageRequest.FromFile(System.IO.Path.GetFullPath(System.IO.Path.Combine(folder, path)), crop());
                };
            }
            case Kind.Bytes:
            {
                var getter = row.GetGetter<VBuffer<byte>>(column);
                return () =>
                {
                    VBuffer<byte> buffer = default;
                    getter(ref buffer);
                    var bytes = new byte[buffer.Length];
                    // Densify: sparse slots are zero bytes.
                    foreach (var (index, value) in buffer.Items()) bytes[index] = value;
                    return ImageRequest.FromBytes(bytes, $"column '{column.Name}', row {row.Position + 1}", crop());
                };
            }
            case Kind.Image:
            {
                var getter = row.GetGetter<MLImage>(column);
                return () =>
                {
                    MLImage image = null!;
                    getter(ref image);
                    var name = $"column '{column.Name}', row {row.Position + 1}";
                    if (image is null) throw new InvalidDataException($"{name}: no image");
                    return ImageRequest.FromImage(ToRgb(image, name), name, crop());
                };
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(column), $"column '{column.Name}' is {column.Type}; expected {Expected}");
        }
    }

    /// <summary>MLImage (32-bit BGRA or RGBA) -> RGB; alpha is dropped as PIL's convert("RGB") does.</summary>
    public static RgbImage ToRgb(MLImage image, string name)
    {
        var (r, b) = image.PixelFormat switch
        {
            MLPixelFormat.Rgba32 => (0, 2),
            MLPixelFormat.Bgra32 => (2, 0),
            var other => throw new InvalidDataException($"{name}: MLImage pixel format {other} is not supported"),
        };
        var pixels = image.Pixels;
        var rowBytes = pixels.Length / image.Height;
        var rgb = new byte[image.Width * image.Height * 3];
        for (var y = 0; y < image.Height; y++)
        {
            var source = pixels.Slice(y * rowBytes, image.Width * 4);
            for (int x = 0, o = y * image.Width * 3; x < image.Width; x++, o += 3)
            {
                rgb[o] = source[x * 4 + r];
                rgb[o + 1] = source[x * 4 + 1];
                rgb[o + 2] = source[x * 4 + b];
            }
        }
        return new RgbImage(image.Width, image.Height, rgb);
    }
}
