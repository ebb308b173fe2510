using System.Text;

namespace RedDino.MLNet.Datasets;

/// <summary>The result of <see cref="ManifestValidator.Validate"/>: every problem found, and a
/// summary of what the manifest holds.</summary>
public sealed class ManifestValidationReport
{
    /// <summary>How many examples of each kind <see cref="ToText"/> prints.</summary>
    public const int ExamplesPerKind = 10;

    internal ManifestValidationReport(string path, int rows, IReadOnlyDictionary<string, int> classCounts, int sources, IReadOnlyList<ManifestIssue> issues)
    {
        Path = path;
        Rows = rows;
        ClassCounts = classCounts;
        Sources = sources;
        Issues = issues;
    }

    /// <summary>The manifest file.</summary>
    public string Path { get; }

    /// <summary>Data rows read.</summary>
    public int Rows { get; }

    /// <summary>Rows per label, in ordinal label order.</summary>
    public IReadOnlyDictionary<string, int> ClassCounts { get; }

    /// <summary>Number of distinct non-empty sources.</summary>
    public int Sources { get; }

    /// <summary>Every problem found, in file order within each check.</summary>
    public IReadOnlyList<ManifestIssue> Issues { get; }

    /// <summary>True when no issue is an error.</summary>
    public bool IsValid => Issues.All(i => !i.IsError);

    /// <summary>A human-readable report: a summary line, then each kind of issue with a count and
    /// the first <see cref="ExamplesPerKind"/> examples.</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        text.AppendLine($"{Path}: {Rows} rows, {ClassCounts.Count} classes, {Sources} sources");
        if (ClassCounts.Count > 0)
            text.AppendLine("classes: " + string.Join(", ", ClassCounts.Select(c => $"{c.Key} ({c.Value})")));
        foreach (var group in Issues.GroupBy(i => (i.Kind, i.IsError)))
        {
            var list = group.ToList();
            text.AppendLine($"{(group.Key.IsError ? "error" : "warning")}: {Describe(group.Key.Kind)}: {list.Count}");
            foreach (var issue in list.Take(ExamplesPerKind))
                text.AppendLine(issue.Row is { } row ? $"  row {row}: {issue.Message}" : $"  {issue.Message}");
            if (list.Count > ExamplesPerKind) text.AppendLine($"  ... and {list.Count - ExamplesPerKind} more");
        }
        text.AppendLine(IsValid ? "OK" : $"INVALID: {Issues.Count(i => i.IsError)} error(s)");
        return text.ToString();
    }

    private static string Describe(ManifestIssueKind kind) => kind switch
    {
        ManifestIssueKind.BadHeader => "bad header",
        ManifestIssueKind.MissingFile => "missing files",
        ManifestIssueKind.UnreadableImage => "unreadable images",
        ManifestIssueKind.DuplicateRow => "duplicate rows",
        ManifestIssueKind.EmptyLabel => "empty labels",
        ManifestIssueKind.ClassSmallerThanFolds => "classes smaller than the fold count",
        ManifestIssueKind.BadCropBox => "bad crop boxes",
        _ => "bad rows",
    };
}
