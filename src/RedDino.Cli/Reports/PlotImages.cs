using OxyPlot;

namespace RedDino.Cli.Reports;

/// <summary>Renders OxyPlot models to PNG bytes (OxyPlot.SkiaSharp on a white background).</summary>
internal static class PlotImages
{
    public static byte[] Png(PlotModel model, int width, int height)
    {
        model.Background = OxyColors.White;
        model.DefaultFont = "DejaVu Sans"; // Skia falls back to the system default when it is absent
        using var stream = new MemoryStream();
        new OxyPlot.SkiaSharp.PngExporter { Width = width, Height = height }.Export(model, stream);
        return stream.ToArray();
    }
}
