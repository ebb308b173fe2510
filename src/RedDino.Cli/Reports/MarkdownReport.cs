using System.Text;
using RedDino.Formats.Metrics;
using RedDino.MLNet.Evaluation;

namespace RedDino.Cli.Reports;

/// <summary>report.md: what was run, then the weighted-F1 table (the paper's), then accuracy and
/// balanced accuracy.</summary>
internal static class MarkdownReport
{
    public static string Render(MetricsDocument document, ReportContext context)
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
        text.AppendLine("Cells: mean ± sample standard deviation over the splits, in percent.");
        text.AppendLine();
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
internal sealed record ReportContext(string Title, int? Rows = null);
