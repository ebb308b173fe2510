using System.Globalization;
using System.Text.RegularExpressions;

namespace RedDino.MLNet.Evaluation;

/// <summary>A classifier named as in the CLI, JSON, pipelines and reports: <c>linear_probe</c> or
/// <c>knn_&lt;k&gt;</c> (docs/reference/evaluation-protocol.md, "Classifiers").</summary>
public sealed partial record ClassifierSpec
{
    private ClassifierSpec(string name, int? neighbors)
    {
        Name = name;
        Neighbors = neighbors;
    }

    /// <summary>The canonical name (linear_probe, knn_1, knn_20, ...).</summary>
    public string Name { get; }

    /// <summary>k for k-NN; null for the linear probe.</summary>
    public int? Neighbors { get; }

    /// <summary>True for the linear probe.</summary>
    public bool IsLinearProbe => Neighbors is null;

    /// <summary>The paper's linear probe.</summary>
    public static ClassifierSpec LinearProbe { get; } = new("linear_probe", null);

    /// <summary>k-NN with k neighbors.</summary>
    public static ClassifierSpec KNearestNeighbors(int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        return new ClassifierSpec($"knn_{k.ToString(CultureInfo.InvariantCulture)}", k);
    }

    /// <summary>Parses "linear_probe" or "knn_&lt;k&gt;" (k a positive integer without leading zeros).</summary>
    /// <exception cref="ArgumentException">Any other name.</exception>
    public static ClassifierSpec Parse(string name) => TryParse(name)
        ?? throw new ArgumentException($"unknown classifier '{name}' (expected linear_probe or knn_<k>, e.g. knn_1, knn_20)", nameof(name));

    /// <summary>The classifier called <paramref name="name"/>, or null when it is not a classifier name.</summary>
    public static ClassifierSpec? TryParse(string name)
    {
        if (name == LinearProbe.Name) return LinearProbe;
        var match = KnnName().Match(name);
        return match.Success && int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var k)
            ? KNearestNeighbors(k) : null;
    }

    /// <summary>Parses a list of names, keeping their order; a repeated name is an error.</summary>
    public static IReadOnlyList<ClassifierSpec> ParseList(IEnumerable<string> names)
    {
        var specs = names.Select(n => Parse(n.Trim())).ToArray();
        var repeated = specs.GroupBy(s => s.Name).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null) throw new ArgumentException($"classifier '{repeated.Key}' is listed twice", nameof(names));
        if (specs.Length == 0) throw new ArgumentException("no classifier given", nameof(names));
        return specs;
    }

    /// <inheritdoc/>
    public override string ToString() => Name;

    [GeneratedRegex("^knn_([1-9][0-9]*)$")]
    private static partial Regex KnnName();
}
