using System.Globalization;
using System.Text;
using RedDino.MLNet.Embeddings;
using RedDino.Formats.Manifests;
using RedDino.Formats.IO;
using RedDino.Formats.Metrics;

namespace RedDino.Cli.Reports;

/// <summary>Writes report.md, report.html, plots/*.png and the figures' data (plots/map-&lt;backbone&gt;.csv,
/// plots/gallery.csv) into a results folder from its metrics.json and, for the maps and the nearest-neighbour
/// gallery, the embeddings files embeddings/&lt;backbone&gt;.parquet (or .csv).</summary>
internal static class ReportWriter
{
    public const string EmbeddingsFolder = "embeddings";

    /// <summary>The gallery's neighbours, relative to the results folder.</summary>
    public const string GalleryFile = "plots/gallery.csv";

    /// <summary>The embeddings file of a backbone inside a results folder (Parquet).</summary>
    public static string EmbeddingsPath(string resultsFolder, string backbone) =>
        Path.Combine(resultsFolder, EmbeddingsFolder, ReportFigures.FileSafe(backbone) + ".parquet");

    /// <summary>Writes the reports of the folder's metrics.json; returns the files written (relative to the folder).</summary>
    public static IReadOnlyList<string> Write(string resultsFolder, ReportContext context) =>
        Write(resultsFolder, MetricsJsonFile.Read(Path.Combine(resultsFolder, "metrics.json")), context);

    /// <summary>Writes the reports of <paramref name="document"/>; returns the files written (relative to the folder).</summary>
    public static IReadOnlyList<string> Write(string resultsFolder, MetricsDocument document, ReportContext context)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        // Each backbone's embeddings are read once, for its maps and for the gallery.
        var embeddings = new Dictionary<string, EmbeddingSet?>(StringComparer.Ordinal);
        EmbeddingSet? EmbeddingsOf(string backbone) =>
            embeddings.TryGetValue(backbone, out var set) ? set : embeddings[backbone] = ReadEmbeddings(resultsFolder, backbone);

        var maps = MapFigures.Make(document, EmbeddingsOf, context);
        var figures = maps.Figures.Concat(ReportFigures.Make(document)).ToList();
        var gallery = NeighborGallery.Build(document, EmbeddingsOf, context.Settings, context.Log);
        var thumbnails = gallery is null ? new Dictionary<int, string>()
            : GalleryThumbnails.Load(gallery.Rows, gallery.Queries.Concat(gallery.Backbones.SelectMany(b => b.Indices)),
                context.ImageFolder ?? resultsFolder, context.Log);

        var written = new List<string> { "report.md", "report.html" };
        foreach (var figure in figures)
        {
            AtomicFile.WriteAllBytes(Path.Combine(resultsFolder, figure.File), figure.Png);
            written.Add(figure.File);
        }
        var tables = maps.Tables.ToList();
        if (gallery is not null) tables.Add((GalleryFile, gallery.Csv()));
        foreach (var (file, text) in tables)
        {
            AtomicFile.WriteAllText(Path.Combine(resultsFolder, file), text);
            written.Add(file);
        }
        AtomicFile.WriteAllText(Path.Combine(resultsFolder, "report.md"), MarkdownReport.Render(document, context, maps.Figures, gallery));
        var html = HtmlReport.Render(document, context, figures, gallery, thumbnails);
        AtomicFile.WriteAllText(Path.Combine(resultsFolder, "report.html"), html);
        context.Log?.Invoke(string.Create(CultureInfo.InvariantCulture,
            $"reports: {figures.Count} figures, report.html {Encoding.UTF8.GetByteCount(html) / 1e6:F2} MB, {clock.Elapsed.TotalSeconds:F1} s"));
        return written;
    }

    private static EmbeddingSet? ReadEmbeddings(string resultsFolder, string backbone)
    {
        var parquet = EmbeddingsPath(resultsFolder, backbone);
        var csv = Path.ChangeExtension(parquet, ".csv");
        return File.Exists(parquet) ? EmbeddingSet.Read(parquet) : File.Exists(csv) ? EmbeddingSet.Read(csv) : null;
    }
}
