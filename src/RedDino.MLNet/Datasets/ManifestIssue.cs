namespace RedDino.MLNet.Datasets;

/// <summary>The kinds of problem <see cref="ManifestValidator"/> looks for.</summary>
public enum ManifestIssueKind
{
    /// <summary>The header is unusable (no path column, partial crop columns, unreadable CSV).</summary>
    BadHeader,
    /// <summary>A row's image file does not exist.</summary>
    MissingFile,
    /// <summary>A row's file exists but cannot be decoded as an image.</summary>
    UnreadableImage,
    /// <summary>Two rows name the same image and crop box.</summary>
    DuplicateRow,
    /// <summary>A row has an empty label while others have one, or there is no label column.</summary>
    EmptyLabel,
    /// <summary>A class has fewer rows than the number of folds.</summary>
    ClassSmallerThanFolds,
    /// <summary>A crop box is malformed, smaller than 1x1, or entirely outside its image.</summary>
    BadCropBox,
    /// <summary>A row could not be read for another reason (e.g. an empty path).</summary>
    BadRow,
}

/// <summary>One problem found in a manifest.</summary>
/// <param name="Kind">What is wrong.</param>
/// <param name="Row">The row: 1-based data row of the CSV, the header not counted (as every message of the
/// project counts rows), or null for the header or the whole file.</param>
/// <param name="Message">What is wrong, naming the file, row, column or class.</param>
/// <param name="IsError">False for warnings that do not make the manifest unusable.</param>
public sealed record ManifestIssue(ManifestIssueKind Kind, int? Row, string Message, bool IsError = true);
