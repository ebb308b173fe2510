using System.Net;
using System.Text;
using RedDino.Formats.Metrics;
using RedDino.MLNet.Evaluation;

namespace RedDino.Cli.Reports;

/// <summary>The report sections of the analysis beyond the paper, in Markdown and HTML: "Batch effects"
/// (per backbone its batch-effect table and, under leave-one-source-out, every metric per held-out
/// source) and "Is A better than B?" (per classifier the matrices of differences with p-values; weighted
/// F1 in HTML, all three metrics in Markdown). Tables come from <see cref="AnalysisTables"/>, each with its
/// plain words underneath.</summary>
internal static class AnalysisSections
{
    public const string BatchEffectsHeading = "Batch effects";
    public const string ComparisonsHeading = "Is A better than B?";

    public static void Markdown(MetricsDocument document, StringBuilder text)
    {
        text.AppendLine($"## {BatchEffectsHeading}");
        text.AppendLine();
        text.AppendLine(BatchIntro(document));
        text.AppendLine();
        foreach (var table in BatchTables(document))
            AppendMarkdown(text, table);
        text.AppendLine($"## {ComparisonsHeading}");
        text.AppendLine();
        text.AppendLine(ComparisonIntro(document));
        text.AppendLine();
        foreach (var table in ComparisonTables(document, Enum.GetValues<HeadlineMetric>()))
            AppendMarkdown(text, table);
    }

    public static void Html(MetricsDocument document, StringBuilder html)
    {
        html.AppendLine($"<h2>{E(BatchEffectsHeading)}</h2>");
        html.AppendLine($"<p>{E(BatchIntro(document))}</p>");
        foreach (var table in BatchTables(document))
            AppendHtml(html, table);
        html.AppendLine($"<h2>{E(ComparisonsHeading)}</h2>");
        html.AppendLine($"<p>{E(ComparisonIntro(document))}</p>");
        foreach (var table in ComparisonTables(document, [HeadlineMetric.WeightedF1]))
            AppendHtml(html, table);
    }

    /// <summary>A table in HTML: its title as a heading, the cells (marked ones highlighted), its note underneath.</summary>
    public static void AppendHtml(StringBuilder html, ReportTable table, bool withTitle = true)
    {
        if (withTitle) html.AppendLine($"<h3>{E(table.Title)}</h3>");
        html.Append("<table><tr>");
        foreach (var h in table.Header) html.Append($"<th>{E(h)}</th>");
        html.AppendLine("</tr>");
        for (var r = 0; r < table.Rows.Count; r++)
        {
            html.Append("<tr>");
            for (var c = 0; c < table.Rows[r].Count; c++)
            {
                var classes = (c < table.TextColumns ? "" : "num") + (table.Marked.Contains((r, c)) ? " sig" : "");
                html.Append(classes.Trim().Length == 0 ? $"<td>{E(table.Rows[r][c])}</td>" : $"<td class=\"{classes.Trim()}\">{E(table.Rows[r][c])}</td>");
            }
            html.AppendLine("</tr>");
        }
        html.AppendLine("</table>");
        if (table.Note.Length > 0) html.AppendLine($"<p class=\"note\">{E(table.Note)}</p>");
    }

    private static IEnumerable<ReportTable> BatchTables(MetricsDocument document) =>
        document.Backbones.SelectMany(b => new[] { AnalysisTables.BatchEffects(b), AnalysisTables.PerSource(document, b) }).OfType<ReportTable>();

    private static IEnumerable<ReportTable> ComparisonTables(MetricsDocument document, IReadOnlyList<HeadlineMetric> metrics) =>
        document.ClassifierNames.SelectMany(c => metrics.Select(m => AnalysisTables.Comparison(document, c, m))).OfType<ReportTable>();

    private static string BatchIntro(MetricsDocument document)
    {
        var effects = document.Backbones.Select(b => b.BatchEffects).OfType<BatchEffects>().FirstOrDefault();
        var perSource = document.Protocol == "loso"
            ? $" Under leave-one-{document.GroupColumn ?? EvaluationDefaults.GroupColumn}-out every metric is also shown per held-out {document.GroupColumn ?? EvaluationDefaults.GroupColumn}."
            : "";
        return effects is null
            ? $"No batch-effect metrics: the data has no batch column with two or more batches (name one with --batch-column, or protocol.batch_column in a pipeline).{perSource}"
            : $"How much of the batch ('{effects.BatchColumn}', {effects.Batches} batches) each backbone's embeddings carry; RedDino's claim is that " +
              $"its embeddings depend on the cell, not on the stain, scanner or site it came from.{perSource}";
    }

    private static string ComparisonIntro(MetricsDocument document) => document.Comparisons.Count > 0
        ? "Each matrix compares every two backbones on the same rows and splits. " + AnalysisTables.ComparisonCountNote(document)
        : document.Backbones.Count < 2 ? "One backbone: nothing to compare."
        : "No paired comparisons in this metrics.json (schema 1, or backbones merged from separate runs).";

    private static void AppendMarkdown(StringBuilder text, ReportTable table)
    {
        text.AppendLine($"### {table.Title}");
        text.AppendLine();
        text.Append(table.Markdown());
        text.AppendLine();
        if (table.Note.Length == 0) return;
        text.AppendLine(table.Note);
        text.AppendLine();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
