namespace RedDino.Formats.Checkpoints;

/// <summary>
/// The error for a checkpoint whose tensors do not fit the model: an <see cref="InvalidDataException"/>
/// (the CLI's "bad input") whose message lists missing, unexpected and wrongly shaped keys as named in
/// the file. The full lists are also in <see cref="Exception.Data"/> under "missing", "unexpected" and
/// "wrong_shapes" (string arrays).
/// </summary>
public static class CheckpointMismatch
{
    /// <summary>Compares the backbone's tensors (named without the file's prefix) with what the model
    /// expects, in the model's order; <c>pos_embed</c> may have any square grid of the right width, and a
    /// missing <c>mask_token</c> is not an error. Throws when anything differs.</summary>
    /// <param name="path">The checkpoint file (named in the message).</param>
    /// <param name="arch">The architecture the tensors must fit, e.g. "vits14".</param>
    /// <param name="prefix">The backbone's key prefix in the file ("" or "backbone.").</param>
    /// <param name="found">The file's tensor shapes by name (prefix removed).</param>
    /// <param name="expected">The model's parameters and their shapes, in the model's order.</param>
    /// <exception cref="InvalidDataException">Missing, unexpected or wrongly shaped keys.</exception>
    public static void Check(string path, string arch, string prefix, IReadOnlyDictionary<string, long[]> found,
        IReadOnlyList<(string Key, long[] Shape)> expected)
    {
        var expectedKeys = expected.Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
        var missing = expected.Where(e => !found.ContainsKey(e.Key) && e.Key != "mask_token").Select(e => prefix + e.Key).ToList();
        var unexpected = found.Keys.Where(k => !expectedKeys.Contains(k)).Order(KeyOrder.Instance).Select(k => prefix + k).ToList();
        var wrong = new List<string>();
        foreach (var (key, target) in expected)
        {
            if (!found.TryGetValue(key, out var shape))
                continue;
            var fits = key == "pos_embed"
                ? shape.Length == 3 && shape[0] == 1 && shape[2] == target[2]
                : shape.SequenceEqual(target);
            if (!fits)
                wrong.Add($"{prefix}{key} [{string.Join(", ", shape)}] expected [{string.Join(", ", target)}]");
        }
        if (missing.Count + unexpected.Count + wrong.Count > 0)
            throw Create(path, arch, missing, unexpected, wrong);
    }

    /// <summary>The error for the given lists (each as named in the file).</summary>
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
