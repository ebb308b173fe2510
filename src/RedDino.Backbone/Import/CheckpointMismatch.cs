namespace RedDino.Backbone.Import;

/// <summary>
/// The error for a checkpoint whose tensors do not fit the model: an <see cref="InvalidDataException"/>
/// (the CLI's "bad input") whose message lists missing, unexpected and wrongly shaped keys as named in
/// the file. The full lists are also in <see cref="Exception.Data"/> under "missing", "unexpected" and
/// "wrong_shapes" (string arrays).
/// </summary>
internal static class CheckpointMismatch
{
    public static InvalidDataException Create(string path, string arch, IReadOnlyList<string> missing,
        IReadOnlyList<string> unexpected, IReadOnlyList<string> wrongShapes)
    {
        var parts = new List<string>();
        if (missing.Count > 0) parts.Add($"missing keys ({missing.Count}): {Listing(missing)}");
        if (unexpected.Count > 0) parts.Add($"unexpected keys ({unexpected.Count}): {Listing(unexpected)}");
        if (wrongShapes.Count > 0) parts.Add($"wrong shapes ({wrongShapes.Count}): {Listing(wrongShapes)}");
        var error = new InvalidDataException($"{path}: checkpoint does not match {arch}: {string.Join("; ", parts)}");
        error.Data["missing"] = missing.ToArray();
        error.Data["unexpected"] = unexpected.ToArray();
        error.Data["wrong_shapes"] = wrongShapes.ToArray();
        return error;
    }

    private static string Listing(IReadOnlyList<string> items) =>
        string.Join(", ", items.Take(12)) + (items.Count > 12 ? $", ... (+{items.Count - 12} more)" : "");
}
