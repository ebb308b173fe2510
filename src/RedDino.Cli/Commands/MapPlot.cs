using RedDino.Cli.Plots;

namespace RedDino.Cli.Commands;

/// <summary>The picture of `reddino map`: a 2-D scatter coloured by group, with title and legend (group
/// sizes), as PNG in the report palette.</summary>
internal static class MapPlot
{
    /// <summary>Groups beyond this many share one grey "other" entry (the palette has 20 distinct colours).</summary>
    private const int MaxLegendGroups = 19;

    public static byte[] Png(string title, string xTitle, string yTitle, float[] xy, IReadOnlyList<string> groups, string legendTitle) =>
        PlotImages.Png(Chart(title, xTitle, yTitle, xy, groups, legendTitle), 1100, 800);

    internal static ScatterChart Chart(string title, string xTitle, string yTitle, float[] xy, IReadOnlyList<string> groups, string legendTitle)
    {
        // Ordinal group order (as the report's maps); when there are too many, the largest keep their colours.
        var sizes = groups.GroupBy(g => g, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var shown = sizes.OrderByDescending(s => s.Value).ThenBy(s => s.Key, StringComparer.Ordinal)
            .Take(sizes.Count > MaxLegendGroups + 1 ? MaxLegendGroups : sizes.Count).Select(s => s.Key)
            .Order(StringComparer.Ordinal).ToList();
        var markerSize = groups.Count <= 2_000 ? 6f : groups.Count <= 10_000 ? 4f : 2.6f;
        var pointGroups = new List<PointGroup>();
        var others = sizes.Count - shown.Count;
        if (others > 0)
        {
            var shownSet = shown.ToHashSet(StringComparer.Ordinal);
            pointGroups.Add(Group($"other ({others} groups)", PlotColor.Grey.WithAlpha(120), markerSize, xy, groups, g => !shownSet.Contains(g)));
        }
        for (var s = 0; s < shown.Count; s++)
        {
            var name = shown[s];
            pointGroups.Add(Group($"{name} ({sizes[name]:N0})", PlotPalette.Color(s).WithAlpha(190), markerSize, xy, groups, g => g == name));
        }
        return new ScatterChart(title, xTitle, yTitle, pointGroups) { LegendTitle = legendTitle };
    }

    private static PointGroup Group(string name, PlotColor colour, float markerSize, float[] xy, IReadOnlyList<string> groups, Func<string, bool> member)
    {
        var rows = Enumerable.Range(0, groups.Count).Where(i => member(groups[i])).ToArray();
        return new PointGroup(name, colour, markerSize, rows.Select(i => (double)xy[2 * i]).ToArray(), rows.Select(i => (double)xy[2 * i + 1]).ToArray());
    }
}
