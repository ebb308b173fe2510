namespace RedDino.MLNet.Evaluation;

/// <summary>The classes of a labelled data set, indexed in ordinal string order of their values (as
/// numpy's <c>unique</c> sorts them, and as ML.NET keys made with <c>KeyOrdinality.ByValue</c>).
/// Contract: "Classes and classifiers". k-NN ties go to the smallest index.</summary>
public sealed class ClassIndex
{
    private readonly Dictionary<string, int> _indexOf;

    /// <summary>Creates an index over the distinct values of <paramref name="labels"/>.</summary>
    public ClassIndex(IEnumerable<string> labels)
    {
        Names = labels.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        _indexOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Names.Count; i++)
            _indexOf[Names[i]] = i;
    }

    /// <summary>Class names; position = class index.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Number of classes K.</summary>
    public int Count => Names.Count;

    /// <summary>The index of <paramref name="label"/>; throws <see cref="KeyNotFoundException"/> for an unknown label.</summary>
    public int IndexOf(string label) =>
        _indexOf.TryGetValue(label, out var index) ? index : throw new KeyNotFoundException($"unknown class '{label}'");

    /// <summary>The index of <paramref name="label"/>, or -1 when it is not a class.</summary>
    public int TryIndexOf(string label) => _indexOf.TryGetValue(label, out var index) ? index : -1;

    /// <summary>Indexes of every label, in order.</summary>
    public int[] Encode(IReadOnlyList<string> labels)
    {
        var codes = new int[labels.Count];
        for (var i = 0; i < codes.Length; i++)
            codes[i] = IndexOf(labels[i]);
        return codes;
    }
}
