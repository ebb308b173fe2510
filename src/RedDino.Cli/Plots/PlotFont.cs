using System.Reflection;
using ScottPlot;
using SkiaSharp;

namespace RedDino.Cli.Plots;

/// <summary>The one font of every figure: DejaVu Sans 2.37, embedded in this assembly (Plots/Fonts, with
/// its Bitstream Vera licence). SkiaSharp's Linux build without fontconfig finds only fonts under
/// /usr/share/fonts, which slim containers lack, and a machine's default font differs from another's;
/// with the embedded font the text of a figure renders, and renders the same, everywhere.</summary>
internal static class PlotFont
{
    /// <summary>The family name the figures ask for; a name no system font has, so that the embedded font always answers.</summary>
    public const string Name = "RedDino DejaVu Sans";

    private const string ResourceName = "RedDino.Cli.Plots.DejaVuSans.ttf";
    private static readonly Lazy<SKTypeface> Typeface = new(Load);
    private static readonly Lock Gate = new();
    private static bool _registered;

    /// <summary>The embedded typeface (loaded once, kept for the process).</summary>
    public static SKTypeface Embedded => Typeface.Value;

    /// <summary>Makes <see cref="Name"/> resolve to the embedded font and the default of new plots (once per process).</summary>
    public static void EnsureRegistered()
    {
        lock (Gate)
        {
            if (_registered) return;
            Fonts.FontResolvers.Insert(0, new EmbeddedResolver());
            Fonts.Default = Name;
            _registered = true;
        }
    }

    private static SKTypeface Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"the font resource {ResourceName} is missing from {Assembly.GetExecutingAssembly().Location}");
        return SKTypeface.FromData(SKData.Create(stream))
            ?? throw new InvalidOperationException($"the font resource {ResourceName} is not a font SkiaSharp reads");
    }

    /// <summary>Answers for <see cref="Name"/> only (regular, bold and italic alike: titles are set in the regular face).</summary>
    private sealed class EmbeddedResolver : IFontResolver
    {
        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing) =>
            fontName == Name ? Typeface.Value : null;

        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) =>
            fontName == Name ? Typeface.Value : null;
    }
}
