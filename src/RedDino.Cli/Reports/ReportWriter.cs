using RedDino.MLNet.Embeddings;
using RedDino.Formats.Manifests;
using RedDino.Formats.IO;
using RedDino.Formats.Metrics;

namespace RedDino.Cli.Reports;

/// <summary>Writes report.md, report.html and plots/*.png into a results folder from its
/// metrics.json and, for the PCA maps, the embeddings files embeddings/&lt;backbone&gt;.parquet (or .csv).</summary>
internal static class ReportWriter
{
    public const string EmbeddingsFolder = "embeddings";

    /// <summary>The embeddings file of a backbone inside a results folder (Parquet).</summary>
    public static string EmbeddingsPath(string resultsFolder, string backbone) =>
        Path.Combine(resultsFolder, EmbeddingsFolder, ReportFigures.FileSafe(backbone) + ".parquet");

    /// <summary>Writes the reports of the folder's metrics.json; returns the files written (relative to the folder).</summary>
    public static IReadOnlyList<string> Write(string resultsFolder, ReportContext context) =>
        Write(resultsFolder, MetricsJsonFile.Read(Path.Combine(resultsFolder, "metrics.json")), context);

    /// <summary>Writes the reports of <paramref name="document"/>; returns the files written (relative to the folder).</summary>
    public static IReadOnlyList<string> Write(string resultsFolder, MetricsDocument document, ReportContext context)
    {
        var figures = ReportFigures.Make(document, backbone => ReadEmbeddings(resultsFolder, backbone));
        var written = new List<string> { "report.md", "report.html" };
        foreach (var figure in figures)
        {
            AtomicFile.WriteAllBytes(Path.Combine(resultsFolder, figure.File), figure.Png);
            written.Add(figure.File);
        }
        AtomicFile.WriteAllText(Path.Combine(resultsFolder, "report.md"), MarkdownReport.Render(document, context));
        AtomicFile.WriteAllText(Path.Combine(resultsFolder, "report.html"), HtmlReport.Render(document, context, figures));
        return written;
    }

    private static EmbeddingSet? ReadEmbeddings(string resultsFolder, string backbone)
    {
        var parquet = EmbeddingsPath(resultsFolder, backbone);
        var csv = Path.ChangeExtension(parquet, ".csv");
        return File.Exists(parquet) ? EmbeddingSet.Read(parquet) : File.Exists(csv) ? EmbeddingSet.Read(csv) : null;
    }
}
