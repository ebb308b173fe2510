using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RedDino.Formats.IO;

/// <summary>How the project writes its JSON results (metrics.json, run.json): indented, non-ASCII
/// characters as they are, a final newline, atomically.</summary>
public static class JsonText
{
    /// <summary>The serializer settings of <see cref="Write"/>.</summary>
    public static JsonSerializerOptions Options { get; } = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes <paramref name="json"/> to <paramref name="path"/>.</summary>
    public static void Write(string path, JsonNode json) => AtomicFile.WriteAllText(path, json.ToJsonString(Options) + "\n");
}
