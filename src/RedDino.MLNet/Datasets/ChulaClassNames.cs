using System.Globalization;
using System.Text.RegularExpressions;

namespace RedDino.MLNet.Datasets;

/// <summary>Reads the class names of Chula RBC-12 from the dataset's own README.md, whose
/// "## RBC Types" section lists them as "- 0 Normal cell", "- 1 Macrocyte", ...</summary>
public static partial class ChulaClassNames
{
    [GeneratedRegex(@"^\s*[-*]\s*(\d+)\s+(.+?)\s*$")]
    private static partial Regex ClassLine();

    /// <summary>Class number to name, from &lt;root&gt;/README.md.</summary>
    /// <exception cref="FileNotFoundException">The README is missing.</exception>
    /// <exception cref="InvalidDataException">The README has no "RBC Types" list.</exception>
    public static IReadOnlyDictionary<int, string> Read(string root)
    {
        var readme = Path.Combine(root, "README.md");
        if (!File.Exists(readme))
            throw new FileNotFoundException($"{readme} not found: the Chula builder takes the class names from the dataset's README", readme);
        var names = new SortedDictionary<int, string>();
        var inSection = false;
        foreach (var line in File.ReadLines(readme))
        {
            if (line.StartsWith('#'))
            {
                inSection = line.Contains("RBC Types", StringComparison.OrdinalIgnoreCase);
                continue;
            }
            var match = inSection ? ClassLine().Match(line) : Match.Empty;
            if (match.Success)
                names[int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)] = match.Groups[2].Value;
        }
        if (names.Count == 0)
            throw new InvalidDataException($"{readme}: no '## RBC Types' section with lines like '- 0 Normal cell'");
        return names;
    }
}
