namespace RedDino.Cli.Reports;

/// <summary>One rendered figure: its PNG bytes, the file it is saved as (relative to the results
/// folder) and its caption.</summary>
internal sealed record ReportFigure(string Section, string File, string Caption, byte[] Png);
