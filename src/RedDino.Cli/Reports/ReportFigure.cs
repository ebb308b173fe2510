namespace RedDino.Cli.Reports;

/// <summary>One rendered figure: its PNG bytes, the file it is saved as (relative to the results
/// folder) and its caption.</summary>
internal sealed record ReportFigure(string Section, string File, string Caption, byte[] Png)
{
    /// <summary>Drawn at half the page's width, beside its neighbour (e.g. a map by class beside the same map by source).</summary>
    public bool Half { get; init; }
}
