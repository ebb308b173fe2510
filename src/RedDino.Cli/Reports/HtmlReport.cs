using System.Net;
using System.Text;
using RedDino.Formats.Metrics;
using RedDino.MLNet.Evaluation;

namespace RedDino.Cli.Reports;

/// <summary>report.html: one self-contained file (inline CSS, figures as base64 PNG data URIs)
/// with the three tables, then per backbone its F1 bars, confusion heatmaps and PCA maps.</summary>
internal static class HtmlReport
{
    private const string Style = """
        body{font-family:DejaVu Sans,Helvetica,Arial,sans-serif;margin:2em auto;max-width:1200px;color:#222;padding:0 1em}
        h1{font-size:1.6em}h2{margin-top:1.6em;border-bottom:1px solid #ccc;padding-bottom:.2em}
        table{border-collapse:collapse;margin:.6em 0}th,td{border:1px solid #bbb;padding:.35em .8em}
        td.num{text-align:right;font-variant-numeric:tabular-nums}th{background:#f0f0f0}
        figure{margin:1em 0}figure img{max-width:100%;border:1px solid #ddd}figcaption{color:#555;font-size:.9em}
        .meta{color:#555}code{font-size:.85em}
        """;

    public static string Render(MetricsDocument document, ReportContext context, IReadOnlyList<ReportFigure> figures)
    {
        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html>");
        html.AppendLine($"<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{E(context.Title)}</title><style>{Style}</style></head><body>");
        html.AppendLine($"<h1>{E(context.Title)}</h1>");
        html.AppendLine($"<p class=\"meta\">{E(MarkdownReport.ProtocolLine(document, context))} Cells: mean ± sample standard deviation over the splits, in percent.</p>");
        foreach (var metric in Enum.GetValues<HeadlineMetric>())
        {
            html.AppendLine($"<h2>{E(ResultsTable.Title(metric))}</h2>");
            AppendTable(html, ResultsTable.Build(document, ResultsTableLayout.BackboneRows, metric));
        }
        foreach (var section in figures.GroupBy(f => f.Section))
        {
            html.AppendLine($"<h2>{E(section.Key)}</h2>");
            foreach (var figure in section)
                html.AppendLine($"<figure><img alt=\"{E(figure.Caption)}\" src=\"data:image/png;base64,{Convert.ToBase64String(figure.Png)}\"><figcaption>{E(figure.Caption)} ({E(figure.File)})</figcaption></figure>");
        }
        html.AppendLine("<h2>Models</h2><table><tr><th>Backbone</th><th>Embedding dim</th><th>Model sha256</th></tr>");
        foreach (var b in document.Backbones)
            html.AppendLine($"<tr><td>{E(b.Name)}</td><td class=\"num\">{b.EmbedDim}</td><td><code>{E(b.ModelSha256)}</code></td></tr>");
        html.AppendLine("</table></body></html>");
        return html.ToString();
    }

    private static void AppendTable(StringBuilder html, (IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows) table)
    {
        html.Append("<table><tr>");
        foreach (var h in table.Header) html.Append($"<th>{E(h)}</th>");
        html.AppendLine("</tr>");
        foreach (var row in table.Rows)
        {
            html.Append("<tr>");
            for (var i = 0; i < row.Count; i++) html.Append(i == 0 ? $"<td>{E(row[i])}</td>" : $"<td class=\"num\">{E(row[i])}</td>");
            html.AppendLine("</tr>");
        }
        html.AppendLine("</table>");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
