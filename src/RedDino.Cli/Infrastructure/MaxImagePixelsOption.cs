using System.CommandLine;
using System.Globalization;
using RedDino.Formats.Imaging;

namespace RedDino.Cli.Infrastructure;

/// <summary>`--max-image-pixels N`: the decoders' limit on width x height (and on a crop box), checked
/// before an image is decoded; shared by the commands that read images of a manifest.</summary>
internal static class MaxImagePixelsOption
{
    public static Option<long> Create() => new("--max-image-pixels")
    {
        Description = "Largest width x height of an image or crop box that is decoded; a file whose header claims more is a bad row " +
                      $"(default {ImageLimits.DefaultMaxPixels.ToString("N0", CultureInfo.InvariantCulture)}, Pillow's MAX_IMAGE_PIXELS)",
        DefaultValueFactory = _ => ImageLimits.DefaultMaxPixels,
    };

    /// <summary>The value given, checked.</summary>
    /// <exception cref="UsageException">Outside 1 .. <see cref="ImageLimits.LargestMaxPixels"/>.</exception>
    public static long Value(ParseResult parse, Option<long> option)
    {
        var value = parse.GetValue(option);
        if (value is < 1 or > ImageLimits.LargestMaxPixels)
            throw new UsageException($"--max-image-pixels must be between 1 and {ImageLimits.LargestMaxPixels.ToString("N0", CultureInfo.InvariantCulture)}, got {value}");
        return value;
    }
}
