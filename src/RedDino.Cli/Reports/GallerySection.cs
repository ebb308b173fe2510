using System.Globalization;
using System.Net;
using System.Text;
using RedDino.MLNet.Evaluation;

namespace RedDino.Cli.Reports;

/// <summary>The report's "Nearest neighbours" section: how often each backbone's neighbours share the query's
/// class, then (HTML) one row per query: the query's thumbnail and, per backbone side by side, its nearest
/// neighbours with their labels, a neighbour of another class marked "≠" on an orange ground (the mark
/// does not rely on colour alone); (Markdown) the same as labels.</summary>
internal static class GallerySection
{
    public const string Heading = "Nearest neighbours";

    public const string Style = """
        div.gallery{overflow-x:auto}table.gallery td{padding:2px;vertical-align:top;text-align:center;border:none}
        table.gallery th{border:none;background:none;text-align:left;padding-top:.6em}
        table.gallery td.query{border-right:3px solid #888;padding-right:6px}table.gallery td.first{padding-left:10px}
        .cell{width:68px;font-size:.68em;line-height:1.15;overflow-wrap:anywhere;color:#333}
        .cell img{display:block;margin:0 auto 2px;border:2px solid transparent}
        .cell.other img{border-color:#e66100}.cell.other span{background:#fde0c5;font-weight:bold}
        """;

    public static void Html(NeighborGallery gallery, IReadOnlyDictionary<int, string> thumbnails, StringBuilder html)
    {
        html.AppendLine($"<h2>{E(Heading)}</h2>");
        html.AppendLine($"<p>{E(Intro(gallery))} Thumbnails: the crops the backbones embedded, {GalleryThumbnails.Size} px; hover for the row, file and distance.</p>");
        AnalysisSections.AppendHtml(html, SummaryTable(gallery), withTitle: false);
        html.AppendLine("<div class=\"gallery\"><table class=\"gallery\">");
        html.Append("<tr><th>query</th>");
        foreach (var b in gallery.Backbones) html.Append($"<th colspan=\"{b.K}\">{E(b.Name)}</th>");
        html.AppendLine("</tr>");
        string? currentClass = null;
        for (var q = 0; q < gallery.Queries.Count; q++)
        {
            var queryRow = gallery.Queries[q];
            var label = gallery.Rows[queryRow].Label ?? "";
            if (label != currentClass)
            {
                currentClass = label;
                html.AppendLine($"<tr><th colspan=\"{1 + gallery.Backbones.Sum(b => b.K)}\">{E(label)}</th></tr>");
            }
            html.Append("<tr>");
            html.Append($"<td class=\"query\">{Cell(gallery, thumbnails, queryRow, null, false)}</td>");
            foreach (var b in gallery.Backbones)
                for (var r = 0; r < b.K; r++)
                {
                    var row = b.Neighbor(q, r);
                    html.Append($"<td{(r == 0 ? " class=\"first\"" : "")}>{Cell(gallery, thumbnails, row, b.DistanceOf(q, r), !gallery.SameLabel(q, row))}</td>");
                }
            html.AppendLine("</tr>");
        }
        html.AppendLine("</table></div>");
    }

    public static void Markdown(NeighborGallery gallery, StringBuilder text)
    {
        text.AppendLine($"## {Heading}");
        text.AppendLine();
        text.AppendLine(Intro(gallery) + " report.html shows the cells; plots/gallery.csv lists every neighbour.");
        text.AppendLine();
        text.Append(SummaryTable(gallery).Markdown());
        text.AppendLine();
        text.Append(ListingTable(gallery).Markdown());
        text.AppendLine();
        text.AppendLine("(= a neighbour of the query's class; ≠ one of another class, named.)");
        text.AppendLine();
    }

    private static string Intro(NeighborGallery gallery)
    {
        var k = gallery.Backbones.Count > 0 ? gallery.Backbones.Max(b => b.K) : 0;
        var perClass = gallery.Queries.GroupBy(q => gallery.Rows[q].Label).Max(g => g.Count());
        return $"For up to {perClass} cells per class (evenly spaced through the class in row order), the {k} nearest other cells in each " +
               $"backbone's embedding ({gallery.Distance.ToString().ToLowerInvariant()} distance, exact search over all {gallery.Rows.Count:N0} rows, " +
               "the cell itself excluded): what \"similar\" means to each model. A neighbour of another class is marked ≠.";
    }

    private static ReportTable SummaryTable(NeighborGallery gallery) => new(
        "Gallery neighbours of the query's class",
        ["backbone", "neighbours of the query's class (%)"],
        gallery.Backbones.Select(b => (IReadOnlyList<string>)[b.Name, (gallery.SameLabelShare(b) * 100).ToString("F1", CultureInfo.InvariantCulture)]).ToList());

    // One line per query: its row (1-based, as messages count rows), class, and per backbone its neighbours as = or "≠ label".
    private static ReportTable ListingTable(NeighborGallery gallery)
    {
        var rows = new List<IReadOnlyList<string>>();
        for (var q = 0; q < gallery.Queries.Count; q++)
        {
            var cells = new List<string> { (gallery.Queries[q] + 1).ToString(CultureInfo.InvariantCulture), gallery.Rows[gallery.Queries[q]].Label ?? "" };
            cells.AddRange(gallery.Backbones.Select(b => string.Join(", ", Enumerable.Range(0, b.K).Select(r => b.Neighbor(q, r))
                .Select(row => gallery.SameLabel(q, row) ? "=" : $"≠ {gallery.Rows[row].Label}"))));
            rows.Add(cells);
        }
        return new ReportTable("Gallery", ["query (row)", "class", .. gallery.Backbones.Select(b => b.Name)], rows, TextColumns: 2 + gallery.Backbones.Count);
    }

    // A thumbnail with its label underneath; the label is prefixed by "≠" when it differs from the query's.
    private static string Cell(NeighborGallery gallery, IReadOnlyDictionary<int, string> thumbnails, int row, double? distance, bool other)
    {
        var manifestRow = gallery.Rows[row];
        var label = manifestRow.Label ?? "";
        var tip = $"row {row + 1}: {manifestRow.Path}" + (distance is { } d ? string.Create(CultureInfo.InvariantCulture, $", distance {d:G4}") : "");
        var image = thumbnails.TryGetValue(row, out var uri)
            ? $"<img src=\"{uri}\" alt=\"{E(label)}\" title=\"{E(tip)}\">"
            : $"<span title=\"{E(tip)}\">(no image)</span>";
        return $"<div class=\"cell{(other ? " other" : "")}\">{image}<span>{(other ? "≠ " : "")}{E(label)}</span></div>";
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
