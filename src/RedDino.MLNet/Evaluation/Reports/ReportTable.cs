using System.Text;

namespace RedDino.MLNet.Evaluation;

/// <summary>A table of a report or of the terminal: a title, a header, rows of cells, and plain words on how
/// to read it. The first <see cref="TextColumns"/> columns hold names (left-aligned), the rest numbers
/// (right-aligned). Rendered as fixed-width text (<see cref="Text"/>) or Markdown (<see cref="Markdown"/>);
/// the HTML report renders the same parts.</summary>
/// <param name="Title">What the table shows (a heading or caption line).</param>
/// <param name="Header">Column headings.</param>
/// <param name="Rows">Cells, one list per row, as many as <paramref name="Header"/>.</param>
/// <param name="TextColumns">How many leading columns hold names rather than numbers.</param>
public sealed record ReportTable(string Title, IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows, int TextColumns = 1)
{
    /// <summary>How to read the table, in plain words (shown under it); "" for none.</summary>
    public string Note { get; init; } = "";

    /// <summary>Cells (row, column) to highlight, e.g. significant differences; the cell text carries a mark as well.</summary>
    public IReadOnlySet<(int Row, int Column)> Marked { get; init; } = new HashSet<(int, int)>();

    /// <summary>The table as fixed-width text: header, a rule, rows (without title or note).</summary>
    public string Text()
    {
        var widths = Header.Select((h, c) => Math.Max(h.Length, Rows.Count == 0 ? 0 : Rows.Max(r => r[c].Length))).ToArray();
        string Line(IReadOnlyList<string> cells) =>
            string.Join("  ", cells.Select((cell, c) => c < TextColumns ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))).TrimEnd();
        var text = new StringBuilder();
        text.AppendLine(Line(Header));
        text.AppendLine(new string('-', widths.Sum() + 2 * (widths.Length - 1)));
        foreach (var row in Rows) text.AppendLine(Line(row));
        return text.ToString();
    }

    /// <summary>The table in Markdown (numbers right-aligned; without title or note; '|' in cells escaped).</summary>
    public string Markdown()
    {
        static string Escape(string cell) => cell.Replace("|", "\\|", StringComparison.Ordinal);
        var text = new StringBuilder();
        text.AppendLine("| " + string.Join(" | ", Header.Select(Escape)) + " |");
        text.AppendLine("|" + string.Join("|", Header.Select((_, i) => i < TextColumns ? "---" : "---:")) + "|");
        foreach (var row in Rows) text.AppendLine("| " + string.Join(" | ", row.Select(Escape)) + " |");
        return text.ToString();
    }
}
