using System.Text.RegularExpressions;
using RedDino.MLNet.Embeddings;
using RedDino.Formats.Manifests;
using RedDino.Formats.Metrics;
using RedDino.MLNet.Evaluation;
using RedDino.Cli.Plots;

namespace RedDino.Cli.Reports;

/// <summary>Makes the classifiers' figures of a report: per backbone the per-class F1 bars and one confusion
/// heatmap per classifier (the maps of the embeddings: <see cref="MapFigures"/>).</summary>
internal static partial class ReportFigures
{
    [GeneratedRegex("[^A-Za-z0-9._-]+")]
    private static partial Regex Unsafe();

    public static string FileSafe(string name) => Unsafe().Replace(name, "_");

    public static List<ReportFigure> Make(MetricsDocument document)
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
        }
        return figures;
    }
}
