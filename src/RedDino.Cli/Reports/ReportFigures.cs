using System.Text.RegularExpressions;
using RedDino.MLNet.Embeddings;
using RedDino.Formats.Manifests;
using RedDino.Formats.Metrics;
using RedDino.MLNet.Evaluation;

namespace RedDino.Cli.Reports;

/// <summary>Makes every figure of a report: per backbone the per-class F1 bars, one confusion
/// heatmap per classifier, and PCA maps of its embeddings by class (and by source when the rows
/// have two or more sources).</summary>
internal static partial class ReportFigures
{
    /// <summary>PCA is fitted on at most this many rows (evenly strided) and draws at most this many points.</summary>
    public const int MaxPcaRows = 8000;

    [GeneratedRegex("[^A-Za-z0-9._-]+")]
    private static partial Regex Unsafe();

    public static string FileSafe(string name) => Unsafe().Replace(name, "_");

    public static List<ReportFigure> Make(MetricsDocument document, Func<string, EmbeddingSet?> embeddingsOf)
    {
        var figures = new List<ReportFigure>();
        var classes = document.Classes;
        var size = Math.Max(520, 160 + 38 * classes.Count);
        foreach (var backbone in document.Backbones)
        {
            var section = backbone.Name;
            var safe = FileSafe(backbone.Name);
            var f1 = backbone.Classifiers.Select(c => (c.Name, classes.Select(c.MeanF1).ToArray())).ToList();
            figures.Add(new ReportFigure(section, $"plots/f1-{safe}.png", $"{backbone.Name}: per-class F1, mean over splits",
                PlotImages.Png(ReportPlots.PerClassF1($"{backbone.Name}: per-class F1", classes, f1), 900, Math.Max(400, 120 + 34 * classes.Count))));
            foreach (var classifier in backbone.Classifiers)
            {
                var title = $"{backbone.Name}, {ResultsTable.Heading(classifier.Name)}: confusion over all splits";
                figures.Add(new ReportFigure(section, $"plots/confusion-{safe}-{FileSafe(classifier.Name)}.png",
                    $"{title} (colour: fraction of the true class; rows = true, columns = predicted)",
                    PlotImages.Png(ReportPlots.Confusion(title, classes, classifier.TotalConfusion(classes.Count)), size + 120, size)));
            }
            if (embeddingsOf(backbone.Name) is { Count: >= 2 } set) figures.AddRange(PcaFigures(section, safe, backbone.Name, set));
        }
        return figures;
    }

    private static IEnumerable<ReportFigure> PcaFigures(string section, string safe, string name, EmbeddingSet set)
    {
        // Evenly strided subset keeps the covariance and the scatter small for large sets.
        var stride = Math.Max(1, (set.Count + MaxPcaRows - 1) / MaxPcaRows);
        var rows = Enumerable.Range(0, set.Count).Where(i => i % stride == 0).ToArray();
        var values = new float[rows.Length * set.Dimension];
        for (var r = 0; r < rows.Length; r++) set.Row(rows[r]).CopyTo(values.AsSpan(r * set.Dimension));
        var (points, explained) = PcaProjection.Project(values, rows.Length, set.Dimension);
        var note = stride > 1 ? $" ({rows.Length:N0} of {set.Count:N0} images, every {stride}th)" : "";

        var labels = rows.Select(i => set.Manifest.Rows[i].Label ?? "(none)").ToList();
        yield return new ReportFigure(section, $"plots/pca-{safe}-class.png", $"{name}: embeddings on the first two principal components, by class{note}",
            PlotImages.Png(ReportPlots.Scatter($"{name}: PCA of the embeddings, by class", points, labels, explained), 1000, 700));
        var sources = rows.Select(i => set.Manifest.Rows[i].Source).ToList();
        if (sources.All(s => s is not null) && sources.Distinct().Count() >= 2)
            yield return new ReportFigure(section, $"plots/pca-{safe}-source.png", $"{name}: embeddings on the first two principal components, by source{note}",
                PlotImages.Png(ReportPlots.Scatter($"{name}: PCA of the embeddings, by source", points, sources!, explained), 1000, 700));
    }
}
