namespace RedDino.Formats.Builtin;

/// <summary>Backbones that ship with the tool (no download), by the name pipelines and
/// `reddino export --builtin` use.</summary>
public static class BuiltinBackbones
{
    /// <summary>Every built-in name.</summary>
    public static IReadOnlyList<string> Names { get; } = [ResNet18ImageNetConverter.Name];

    /// <summary>True when <paramref name="name"/> is a built-in backbone.</summary>
    public static bool Exists(string name) => Names.Contains(name, StringComparer.Ordinal);

    /// <summary>Writes the built-in backbone <paramref name="name"/> as a contract ONNX file.</summary>
    /// <exception cref="InvalidDataException">Unknown name (the message lists the known ones).</exception>
    public static void Export(string name, string outPath)
    {
        switch (name)
        {
            case ResNet18ImageNetConverter.Name:
                ResNet18ImageNetConverter.Export(outPath);
                break;
            default:
                throw new InvalidDataException($"unknown built-in backbone '{name}' (known: {string.Join(", ", Names)})");
        }
    }
}
