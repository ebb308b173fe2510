using BitMiracle.LibTiff.Classic;

namespace RedDino.Formats.Imaging;

/// <summary>TIFF through LibTiff.NET (SkiaSharp 2.88 has no TIFF codec). Stripped grey, grey+alpha,
/// RGB and RGBA images with 8 or 16 bits per sample are read sample by sample: 16-bit values
/// become 8-bit by <c>v &gt;&gt; 8</c>, extra samples (alpha) are dropped, min-is-white grey is inverted.
/// Everything else (palette, YCbCr, CMYK, tiles, 1-bit) goes through LibTiff's RGBA reader.</summary>
internal static class TiffImageDecoder
{
    static TiffImageDecoder()
    {
        // LibTiff.NET prints errors to the console by default; failures surface as exceptions instead.
        Tiff.SetErrorHandler(new QuietErrorHandler());
    }

    /// <summary>The size the header declares (not checked against a limit).</summary>
    public static (int Width, int Height) ReadSize(ReadOnlySpan<byte> data, string sourceName)
    {
        using var stream = new MemoryStream(data.ToArray(), writable: false);
        try
        {
            using var tiff = Open(stream, sourceName);
            var (width, height) = (Field(tiff, TiffTag.IMAGEWIDTH), Field(tiff, TiffTag.IMAGELENGTH));
            if (width < 1 || height < 1)
                throw new InvalidDataException($"{sourceName}: TIFF has no pixels ({width}x{height})");
            return (width, height);
        }
        catch (Exception e) when (e is not InvalidDataException)
        {
            throw new InvalidDataException($"{sourceName}: TIFF header could not be read ({e.Message})", e);
        }
    }

    public static RgbImage Decode(ReadOnlySpan<byte> data, string sourceName, long maxPixels)
    {
        using var stream = new MemoryStream(data.ToArray(), writable: false);
        try
        {
            using var tiff = Open(stream, sourceName);
            var width = Field(tiff, TiffTag.IMAGEWIDTH);
            var height = Field(tiff, TiffTag.IMAGELENGTH);
            // Before any buffer: the raster and the RGB output are width x height.
            ImageLimits.CheckImage(width, height, maxPixels, sourceName);
            var bits = Field(tiff, TiffTag.BITSPERSAMPLE);
            var samples = Field(tiff, TiffTag.SAMPLESPERPIXEL);
            var photometric = (Photometric)Field(tiff, TiffTag.PHOTOMETRIC);
            var planar = (PlanarConfig)Field(tiff, TiffTag.PLANARCONFIG);
            var sampleFormat = (SampleFormat)Field(tiff, TiffTag.SAMPLEFORMAT);

            var simple = !tiff.IsTiled() && bits is 8 or 16 && sampleFormat == SampleFormat.UINT && samples is >= 1 and <= MaxSamples
                && (photometric is Photometric.MINISBLACK or Photometric.MINISWHITE && samples >= 1
                    || photometric == Photometric.RGB && samples >= 3);
            return simple
                ? ReadSamples(tiff, sourceName, width, height, bits, samples, photometric, planar)
                : ReadThroughRgba(tiff, sourceName, width, height);
        }
        catch (Exception e) when (e is not InvalidDataException)
        {
            throw new InvalidDataException($"{sourceName}: TIFF could not be decoded ({e.Message})", e);
        }
    }

    /// <summary>Samples per pixel read sample by sample (grey/RGB plus extra channels); more goes through the RGBA reader.</summary>
    private const int MaxSamples = 16;

    private static Tiff Open(MemoryStream stream, string sourceName) =>
        Tiff.ClientOpen(sourceName, "r", stream, new TiffStream())
            ?? throw new InvalidDataException($"{sourceName}: not a readable TIFF file");

    private static int Field(Tiff tiff, TiffTag tag) => tiff.GetFieldDefaulted(tag)?[0].ToInt() ?? 0;

    // Scanline reads: contiguous [W, samples] per row, or one plane per sample ("separate").
    private static RgbImage ReadSamples(Tiff tiff, string sourceName, int width, int height, int bits, int samples,
        Photometric photometric, PlanarConfig planar)
    {
        var colourSamples = photometric == Photometric.RGB ? 3 : 1;
        var bytesPerSample = bits / 8;
        var rgb = new byte[checked((long)width * height * 3)];
        var line = new byte[Math.Max(tiff.ScanlineSize(), checked(width * samples * bytesPerSample))];
        var invert = photometric == Photometric.MINISWHITE;

        // 16-bit samples arrive in the machine's byte order (LibTiff swaps them); keep the high byte.
        byte Sample(int index) => bytesPerSample == 1
            ? line[index]
            : (byte)(BitConverter.ToUInt16(line, index * 2) >> 8);

        for (var y = 0; y < height; y++)
        {
            for (var c = 0; c < colourSamples; c++)
            {
                var separate = planar == PlanarConfig.SEPARATE;
                if (separate || c == 0)
                    if (!tiff.ReadScanline(line, y, (short)(separate ? c : 0)))
                        throw new InvalidDataException($"{sourceName}: TIFF row {y} could not be read (truncated or corrupt)");
                var step = separate ? 1 : samples;
                var offset = separate ? 0 : c;
                for (var x = 0; x < width; x++)
                {
                    var v = Sample(x * step + offset);
                    if (invert) v = (byte)(255 - v);
                    var o = (y * width + x) * 3;
                    if (colourSamples == 1)
                        rgb[o] = rgb[o + 1] = rgb[o + 2] = v;
                    else
                        rgb[o + c] = v;
                }
            }
        }
        return new RgbImage(width, height, rgb);
    }

    private static RgbImage ReadThroughRgba(Tiff tiff, string sourceName, int width, int height)
    {
        var raster = new int[checked((long)width * height)];
        if (!tiff.ReadRGBAImageOriented(width, height, raster, Orientation.TOPLEFT))
            throw new InvalidDataException($"{sourceName}: TIFF layout not supported by the reader");
        var rgb = new byte[checked((long)width * height * 3)];
        for (var i = 0; i < raster.Length; i++)
        {
            rgb[i * 3] = (byte)Tiff.GetR(raster[i]);
            rgb[i * 3 + 1] = (byte)Tiff.GetG(raster[i]);
            rgb[i * 3 + 2] = (byte)Tiff.GetB(raster[i]);
        }
        return new RgbImage(width, height, rgb);
    }

    private sealed class QuietErrorHandler : TiffErrorHandler
    {
        public override void ErrorHandler(Tiff tif, string method, string format, params object[] args) { }

        public override void ErrorHandlerExt(Tiff tif, object clientData, string method, string format, params object[] args) { }

        public override void WarningHandler(Tiff tif, string method, string format, params object[] args) { }

        public override void WarningHandlerExt(Tiff tif, object clientData, string method, string format, params object[] args) { }
    }
}
