using RedDino.Formats.Manifests;

namespace RedDino.Formats.Imaging;

/// <summary>Turns decoded images into model input: crop (edge replication) -> Pillow bilinear
/// resize -> scale and normalise, written as float32 CHW [3, S, S]. Thread-safe.</summary>
public sealed class ImagePreprocessor
{
    // Per channel, the float of every uint8 value: ((float)v / scale - mean) / std, evaluated in float32
    // in the order torchvision's ToTensor and Normalize use, so the table is bit-identical to them.
    private readonly float[][] _lookup;
    private readonly long _maxCropPixels;

    /// <summary>Creates a preprocessor for <paramref name="settings"/>; crop boxes above
    /// <paramref name="maxCropPixels"/> pixels are refused (<see cref="ImageLimits"/>).</summary>
    public ImagePreprocessor(PreprocessingSettings settings, long maxCropPixels = ImageLimits.DefaultMaxPixels)
    {
        settings.Validate("preprocessing settings");
        ImageLimits.ValidateLimit(maxCropPixels, nameof(maxCropPixels));
        Settings = settings;
        _maxCropPixels = maxCropPixels;
        _lookup = new float[3][];
        for (var c = 0; c < 3; c++)
        {
            _lookup[c] = new float[256];
            for (var v = 0; v < 256; v++)
                _lookup[c][v] = ((float)v / settings.PixelScale - settings.Mean[c]) / settings.Std[c];
        }
    }

    /// <summary>The settings applied.</summary>
    public PreprocessingSettings Settings { get; }

    /// <summary>Number of floats one image occupies: 3 * S * S.</summary>
    public int InputLength => 3 * Settings.ImageSize * Settings.ImageSize;

    /// <summary>Crops and resizes to S x S with Pillow's bilinear filter (uint8, before normalisation).</summary>
    public RgbImage CropAndResize(RgbImage image, CropBox? crop)
    {
        var cropped = crop is { } box ? EdgeCrop.Crop(image, box, _maxCropPixels) : image;
        var size = Settings.ImageSize;
        return cropped.Width == size && cropped.Height == size ? cropped : PillowBilinear.Resize(cropped, size, size);
    }

    /// <summary>Writes the normalised CHW tensor of <paramref name="image"/> into <paramref name="destination"/>
    /// (<see cref="InputLength"/> floats).</summary>
    public void Preprocess(RgbImage image, CropBox? crop, Span<float> destination)
    {
        if (destination.Length < InputLength)
            throw new ArgumentException($"destination holds {destination.Length} floats, {InputLength} needed", nameof(destination));
        var resized = CropAndResize(image, crop);
        var plane = Settings.ImageSize * Settings.ImageSize;
        var pixels = resized.Pixels;
        // HWC bytes -> CHW floats: [S, S, 3] -> [3, S, S].
        var r = destination[..plane];
        var g = destination.Slice(plane, plane);
        var b = destination.Slice(2 * plane, plane);
        var (lr, lg, lb) = (_lookup[0], _lookup[1], _lookup[2]);
        for (int i = 0, p = 0; i < plane; i++, p += 3)
        {
            r[i] = lr[pixels[p]];
            g[i] = lg[pixels[p + 1]];
            b[i] = lb[pixels[p + 2]];
        }
    }
}
