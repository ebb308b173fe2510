using System.Text.Json.Nodes;
using RedDino.Cli.Reports;
using RedDino.Cli.Settings;

namespace RedDino.Cli.Bench;

/// <summary>The bench's <c>report</c> settings group as JSON (its defaults, docs/formats/pipelines.md).</summary>
internal static class BenchReportSettings
{
    /// <summary>Largest number of gallery neighbours (each is a thumbnail per query and backbone).</summary>
    public const int MaxGalleryNeighbors = 20;

    public static JsonObject Json(ReportSettings settings) => new()
    {
        ["map"] = OptionsJson.Name(settings.Map),
        ["gallery_per_class"] = settings.GalleryPerClass,
        ["gallery_neighbors"] = settings.GalleryNeighbors,
        ["map_max_rows"] = settings.MapMaxRows,
    };
}

internal static partial class BenchPipelineReader
{
    private static ReportSettings ParseReport(Node node)
    {
        node.RequireObject(["map", "gallery_per_class", "gallery_neighbors", "map_max_rows"]);
        var settings = new ReportSettings
        {
            Map = node.Required("map").Enum<ReportMapKind>(),
            GalleryPerClass = node.Required("gallery_per_class").Int(),
            GalleryNeighbors = node.Required("gallery_neighbors").Int(),
            MapMaxRows = node.Required("map_max_rows").Int(),
        };
        if (settings.GalleryPerClass < 0) throw node.Field("gallery_per_class").Error($"must be 0 (no gallery) or more, found {settings.GalleryPerClass}");
        if (settings.GalleryNeighbors is < 1 or > BenchReportSettings.MaxGalleryNeighbors)
            throw node.Field("gallery_neighbors").Error($"must be in 1..{BenchReportSettings.MaxGalleryNeighbors}, found {settings.GalleryNeighbors}");
        if (settings.MapMaxRows < 3) throw node.Field("map_max_rows").Error($"must be at least 3, found {settings.MapMaxRows}");
        return settings;
    }
}
