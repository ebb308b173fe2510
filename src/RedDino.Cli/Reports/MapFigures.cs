using System.Diagnostics;
using System.Globalization;
using RedDino.Cli.Commands;
using RedDino.Cli.Plots;
using RedDino.Formats.Manifests;
using RedDino.Formats.Metrics;
using RedDino.MLNet.Embeddings;
using RedDino.MLNet.Visualization;

namespace RedDino.Cli.Reports;

/// <summary>The report's maps: per backbone a UMAP (the library's <see cref="Umap"/>, seeded by the run's seed)
/// and/or a PCA of its embeddings, each drawn twice, coloured by class and by batch (the run's batch column),
/// with the coordinates in <c>plots/map-&lt;backbone&gt;.csv</c>.</summary>
internal static class MapFigures
{
    public const string Section = "Maps of the embeddings";

    /// <summary>Pixel size of one map: two fit side by side on the report's page.</summary>
    public const int Width = 760, Height = 580;

    /// <summary>The figures and the coordinate tables (file relative to the results folder, CSV text).</summary>
    public sealed record Output(List<ReportFigure> Figures, List<(string File, string Text)> Tables);

    /// <summary>One computed map: its name in titles and CSV columns, axis titles and [rows, 2] coordinates.</summary>
    private sealed record Map(string Name, string Column, string XTitle, string YTitle, float[] Xy, string Settings);

    public static Output Make(MetricsDocument document, Func<string, EmbeddingSet?> embeddingsOf, ReportContext context)
    {
        var output = new Output([], []);
        var settings = context.Settings;
        foreach (var backbone in document.Backbones)
        {
            if (embeddingsOf(backbone.Name) is not { Count: >= 3 } set) continue;
            var safe = ReportFigures.FileSafe(backbone.Name);
            var stride = Stride(set.Count, settings.MapMaxRows);
            var rows = Enumerable.Range(0, set.Count).Where(i => i % stride == 0).ToArray();
            var values = stride == 1 ? set.Values : Gather(set, rows);
            var note = stride > 1 ? $"{rows.Length:N0} of {set.Count:N0} images (one row in {stride})" : $"{set.Count:N0} images";
            var maps = new List<Map>();
            if (settings.DrawsUmap) maps.Add(UmapOf(backbone.Name, values, set.Dimension, settings, context.Log));
            if (settings.DrawsPca) maps.Add(PcaOf(values, set.Dimension));

            var colourings = new List<(string Column, string Suffix, string[] Groups)>
                { (ManifestColumns.Label, "class", Groups(set, rows, ManifestColumns.Label)) };
            if (BatchColumn(document, set, context) is { } batch)
                colourings.Add((batch, "source", Groups(set, rows, batch)));
            foreach (var map in maps)
                foreach (var (column, suffix, groups) in colourings)
                {
                    var by = suffix == "class" ? "class" : $"source ({column})";
                    var title = $"{backbone.Name}: {map.Name} by {by}";
                    output.Figures.Add(new ReportFigure(Section, $"plots/{map.Column}-{safe}-{suffix}.png",
                        $"{backbone.Name}: {map.Name} of the embeddings by {by}; {note}{map.Settings}",
                        PlotImages.Png(MapPlot.Chart(title, map.XTitle, map.YTitle, map.Xy, groups, column), Width, Height)) { Half = true });
                }
            output.Tables.Add(($"plots/map-{safe}.csv", Csv(set, rows, colourings.Count > 1 ? colourings[1].Column : null, maps)));
        }
        return output;
    }

    /// <summary>1 (all rows), or the smallest stride that leaves at most <paramref name="maxRows"/> rows.</summary>
    internal static int Stride(int count, int maxRows) => Math.Max(1, (count + maxRows - 1) / maxRows);

    /// <summary>The column that colours the maps by source: the run's batch column, else the one of the batch
    /// effects, else <c>source</c>; null when the rows lack it or hold fewer than two values.</summary>
    internal static string? BatchColumn(MetricsDocument document, EmbeddingSet set, ReportContext context)
    {
        var column = context.BatchColumn
                     ?? document.Backbones.Select(b => b.BatchEffects?.BatchColumn).FirstOrDefault(c => c is not null)
                     ?? ManifestColumns.Source;
        if (!set.Manifest.Columns.Contains(column, StringComparer.Ordinal)) return null;
        return set.Manifest.Rows.Select(r => Manifest.ValueOf(r, column)).Distinct(StringComparer.Ordinal).Take(2).Count() >= 2 ? column : null;
    }

    private static Map UmapOf(string backbone, float[] values, int dimension, ReportSettings settings, Action<string>? log)
    {
        var clock = Stopwatch.StartNew();
        var umap = new Umap(new UmapOptions { Seed = settings.Seed });
        var result = umap.Fit(values, dimension, warn: warning => log?.Invoke($"warning: {backbone}: UMAP: {warning}"));
        log?.Invoke(string.Create(CultureInfo.InvariantCulture,
            $"{backbone}: UMAP of {result.Count:N0} x {dimension} for the report, {clock.Elapsed.TotalSeconds:F1} s"));
        var options = umap.Options;
        return new Map("UMAP", "umap", "UMAP 1", "UMAP 2", result.Coordinates,
            string.Create(CultureInfo.InvariantCulture, $"; {options.Neighbors} neighbours, min_dist {options.MinDist}, {result.Epochs} epochs, seed {options.Seed}"));
    }

    private static Map PcaOf(float[] values, int dimension)
    {
        var pca = PrincipalComponents.Fit(values, dimension, Math.Min(2, dimension));
        var projected = pca.Transform(values);
        var xy = new float[projected.Length / pca.Count * 2];
        for (var i = 0; i < xy.Length / 2; i++)
        {
            xy[2 * i] = (float)projected[i * pca.Count];
            xy[2 * i + 1] = pca.Count > 1 ? (float)projected[i * pca.Count + 1] : 0f;
        }
        string Axis(int c) => c < pca.Count ? string.Create(CultureInfo.InvariantCulture, $"PC{c + 1} ({pca.ExplainedVarianceRatio[c] * 100:F1}% of variance)") : $"PC{c + 1}";
        return new Map("PCA", "pca", Axis(0), Axis(1), xy, "");
    }

    private static float[] Gather(EmbeddingSet set, int[] rows)
    {
        var values = new float[rows.Length * set.Dimension];
        for (var r = 0; r < rows.Length; r++) set.Row(rows[r]).CopyTo(values.AsSpan(r * set.Dimension));
        return values;
    }

    private static string[] Groups(EmbeddingSet set, int[] rows, string column) =>
        rows.Select(i => Manifest.ValueOf(set.Manifest.Rows[i], column) is { Length: > 0 } v ? v : "(missing)").ToArray();

    // row (0-based row of the embeddings file), path, label, the batch column, then x, y of each map.
    private static string Csv(EmbeddingSet set, int[] rows, string? batchColumn, IReadOnlyList<Map> maps)
    {
        var columns = new List<string> { ManifestColumns.Path, ManifestColumns.Label };
        if (batchColumn is not null && !columns.Contains(batchColumn)) columns.Add(batchColumn);
        var header = new List<string> { "row" };
        header.AddRange(columns);
        foreach (var map in maps) header.AddRange([$"{map.Column}_x", $"{map.Column}_y"]);
        return ReportCsv.Write(header, rows.Select((row, r) =>
        {
            var fields = new List<string> { row.ToString(CultureInfo.InvariantCulture) };
            fields.AddRange(columns.Select(c => Manifest.ValueOf(set.Manifest.Rows[row], c)));
            foreach (var map in maps) fields.AddRange([ReportCsv.Number(map.Xy[2 * r]), ReportCsv.Number(map.Xy[2 * r + 1])]);
            return (IReadOnlyList<string>)fields;
        }));
    }
}
