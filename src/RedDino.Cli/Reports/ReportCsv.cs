using System.Globalization;
using CsvHelper;

namespace RedDino.Cli.Reports;

/// <summary>The report's data tables (plots/*.csv) as CSV text: CsvHelper's quoting, invariant culture.</summary>
internal static class ReportCsv
{
    public static string Write(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = new CsvWriter(text, CultureInfo.InvariantCulture, leaveOpen: true))
        {
            foreach (var name in header) csv.WriteField(name);
            csv.NextRecord();
            foreach (var row in rows)
            {
                foreach (var field in row) csv.WriteField(field);
                csv.NextRecord();
            }
        }
        return text.ToString();
    }

    /// <summary>A float as the shortest text that reads back to the same value.</summary>
    public static string Number(float value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A double as the shortest text that reads back to the same value.</summary>
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
