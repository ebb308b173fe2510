using System.Text;
using RedDino.Formats.Metrics;
using RedDino.MLNet.Evaluation;

namespace RedDino.Cli.Reports;

/// <summary>report.md: what was run, then the weighted-F1 table (the paper's), then accuracy and
/// balanced accuracy, then the batch effects and the paired comparisons, the maps (links to their PNG
/// files) and the nearest-neighbour gallery as labels.</summary>
internal static class MarkdownReport
{
    public static string Render(MetricsDocument document, ReportContext context, IReadOnlyList<ReportFigure>? maps = null, NeighborGallery? gallery = null)
    {
        var text = new StringBuilder();
        text.AppendLine($"# {context.Title}");
        text.AppendLine();
        text.AppendLine(ProtocolLine(document, context));
        text.AppendLine();
        foreach (var metric in Enum.GetValues<HeadlineMetric>())
        {
            text.AppendLine($"## {ResultsTable.Title(metric)}");
            text.AppendLine();
            text.Append(ResultsTable.Markdown(document, ResultsTableLayout.BackboneRows, metric));
            text.AppendLine();
        }
        text.AppendLine(ResultsTable.CellNote);
        text.AppendLine();
        AnalysisSections.Markdown(document, text);
        if (maps is { Count: > 0 })
        {
            text.AppendLine($"## {MapFigures.Section}");
            text.AppendLine();
            foreach (var map in maps) text.AppendLine($"![{map.Caption.Replace('[', '(').Replace(']', ')')}]({map.File})");
            text.AppendLine();
        }
        if (gallery is not null) GallerySection.Markdown(gallery, text);
        text.AppendLine("| Backbone | Embedding dim | Model sha256 |");
        text.AppendLine("|---|---:|---|");
        foreach (var b in document.Backbones) text.AppendLine($"| {b.Name} | {b.EmbedDim} | `{b.ModelSha256}` |");
        return text.ToString();
    }

    public static string ProtocolLine(MetricsDocument document, ReportContext context)
    {
        var protocol = document.Protocol == "kfold"
            ? $"{document.Folds}-fold stratified cross-validation"
            : $"leave-one-{document.GroupColumn ?? EvaluationDefaults.GroupColumn}-out";
        var rows = context.Rows is { } n ? $"{n:N0} images, " : "";
        return $"{rows}{document.Classes.Count} classes; {protocol}; {document.Backbones.Count} backbone(s).";
    }
}

/// <summary>What the report says about the run besides metrics.json.</summary>
/// <param name="Title">Heading (e.g. "Bench: sample").</param>
/// <param name="Rows">Number of images evaluated, when known.</param>
internal sealed record ReportContext(string Title, int? Rows = null)
{
    /// <summary>Maps and nearest-neighbour gallery.</summary>
    public ReportSettings Settings { get; init; } = new();

    /// <summary>Folder that relative image paths of the embeddings files resolve against (the manifest's
    /// folder or data root: the gallery's thumbnails); null = the results folder.</summary>
    public string? ImageFolder { get; init; }

    /// <summary>The run's batch column (maps by source); null = the one metrics.json's batch effects name,
    /// else <c>source</c> when the rows have two or more sources.</summary>
    public string? BatchColumn { get; init; }

    /// <summary>Notes and warnings while the figures are made (timings, an unreadable thumbnail); null = none.</summary>
    public Action<string>? Log { get; init; }
}
