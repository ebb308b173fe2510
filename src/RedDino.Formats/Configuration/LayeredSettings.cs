using System.Text.Json;
using System.Text.Json.Nodes;
using RedDino.Formats.Text;

namespace RedDino.Formats.Configuration;

/// <summary>
/// A configuration built in layers, the way every RedDino pipeline file works (docs/formats/pipelines.md):
/// the defaults (a JSON object holding every setting), then a file's overrides (with its <c>"kind"</c>),
/// then <c>--set key=value</c> assignments with dotted keys. A key the defaults lack is an error that names
/// it; an object in the defaults is a group whose keys merge one by one, anything else is a setting the
/// override replaces whole (a list, or a value whose default is null). Settings listed in
/// <see cref="PathKeys"/> hold file or folder paths: relative ones resolve against the folder of the file
/// that names them (the current folder for <c>--set</c>), also inside lists and free-form objects
/// ("data.images", "dataset.root", "backbones[].model").
/// </summary>
public sealed class LayeredSettings
{
    private static readonly JsonDocumentOptions ReadOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>A layering for files of <paramref name="kind"/> with the given path settings.</summary>
    public LayeredSettings(string kind, IReadOnlySet<string> pathKeys)
    {
        Kind = kind;
        PathKeys = pathKeys;
    }

    /// <summary>The value every file's <c>"kind"</c> must have (e.g. "pretrain", "bench").</summary>
    public string Kind { get; }

    /// <summary>Dotted keys of path settings; "[]" stands for any list element ("backbones[].model").</summary>
    public IReadOnlySet<string> PathKeys { get; }

    /// <summary>A copy of <paramref name="defaults"/> with <paramref name="file"/> (if any) and then
    /// <paramref name="assignments"/> applied.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">Bad JSON, a wrong kind, an unknown key or a value of the wrong
    /// shape (names the file or --set and the key).</exception>
    public JsonObject Merge(JsonObject defaults, string? file, IEnumerable<string> assignments)
    {
        var merged = defaults.DeepClone().AsObject();
        if (file is not null)
            MergeFile(merged, file);
        foreach (var assignment in assignments)
            ApplyAssignment(merged, assignment, Directory.GetCurrentDirectory());
        return merged;
    }

    /// <summary>Reads a JSON object, allowing comments and trailing commas.</summary>
    /// <exception cref="InvalidDataException">Not a JSON object (names the file).</exception>
    public static JsonObject ReadObject(string path)
    {
        try
        {
            return JsonNode.Parse(TextFile.ReadAllText(path), documentOptions: ReadOptions) as JsonObject
                ?? throw new InvalidDataException($"{path}: expected a JSON object");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid JSON ({e.Message})", e);
        }
    }

    /// <summary>Merges a file (its <c>"kind"</c> plus overrides) into <paramref name="target"/>.</summary>
    public void MergeFile(JsonObject target, string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{Kind} configuration not found: {path}", path);
        var file = ReadObject(path);
        var kind = file["kind"]?.GetValueKind() == JsonValueKind.String ? file["kind"]!.GetValue<string>() : null;
        if (kind != Kind)
            throw new InvalidDataException($"{path}: 'kind': must be \"{Kind}\" (found {(kind is null ? "nothing" : $"\"{kind}\"")})");
        file.Remove("kind");
        Merge(target, file, "", path, Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>Applies one <c>key=value</c> (dotted key). The value is read by the kind of the default:
    /// text verbatim for a text setting (or one whose default is null, unless it is valid JSON), JSON
    /// otherwise (numbers, true/false, lists, objects).</summary>
    public void ApplyAssignment(JsonObject target, string assignment, string baseDir)
    {
        var eq = assignment.IndexOf('=');
        if (eq <= 0)
            throw new InvalidDataException($"--set {assignment}: expected key=value");
        var key = assignment[..eq].Trim();
        var text = assignment[(eq + 1)..];
        var parts = key.Split('.');
        var parent = target;
        for (var i = 0; i < parts.Length - 1; i++)
            parent = parent[parts[i]] as JsonObject ?? throw new InvalidDataException($"--set {key}: '{string.Join('.', parts[..(i + 1)])}': unknown group");
        if (!parent.ContainsKey(parts[^1]))
            throw new InvalidDataException($"--set {key}: '{key}': unknown field (allowed here: {string.Join(", ", parent.Select(p => p.Key))})");
        var current = parent[parts[^1]];
        if (current is JsonObject)
            throw new InvalidDataException($"--set {key}: '{key}' is a group; set one of its keys");
        parent[parts[^1]] = ResolvePaths(key, ParseValue(key, text, current), baseDir);
    }

    /// <summary>A copy of <paramref name="merged"/> whose path settings are relative to
    /// <paramref name="folder"/>, so that a merged file written there reads back the same.</summary>
    public JsonObject WithPathsRelativeTo(JsonObject merged, string folder)
    {
        var full = Path.GetFullPath(folder);
        return (JsonObject)MapPaths("", merged, p => p.Length == 0 ? p : Path.GetRelativePath(full, p))!;
    }

    private void Merge(JsonObject target, JsonObject overrides, string prefix, string source, string baseDir)
    {
        foreach (var (name, value) in overrides.ToList())
        {
            var key = prefix.Length == 0 ? name : $"{prefix}.{name}";
            if (!target.ContainsKey(name))
                throw new InvalidDataException($"{source}: '{key}': unknown field (allowed here: {string.Join(", ", target.Select(p => p.Key))})");
            if (target[name] is JsonObject group)
            {
                if (value is not JsonObject child)
                    throw new InvalidDataException($"{source}: '{key}': must be an object of settings ({string.Join(", ", group.Select(p => p.Key))})");
                Merge(group, child, key, source, baseDir);
                continue;
            }
            if (value is JsonObject && target[name] is not null)
                throw new InvalidDataException($"{source}: '{key}': is a setting, not a group");
            CheckFinite(value, key, source);
            target[name] = ResolvePaths(key, value?.DeepClone(), baseDir);
        }
    }

    // Settings are finite numbers: JSON has no NaN or infinity, but 1e400 reads as infinity.
    private static void CheckFinite(JsonNode? value, string key, string source)
    {
        switch (value)
        {
            case JsonArray array:
                foreach (var item in array) CheckFinite(item, key, source);
                break;
            case JsonObject obj:
                foreach (var (name, item) in obj) CheckFinite(item, $"{key}.{name}", source);
                break;
            case JsonValue number when number.GetValueKind() == JsonValueKind.Number:
                if (!number.TryGetValue<JsonElement>(out var element) ? !double.IsFinite(number.GetValue<double>())
                    : !element.TryGetDouble(out var d) || !double.IsFinite(d))
                    throw new InvalidDataException($"{source}: '{key}': {number.ToJsonString()} is not a finite number");
                break;
        }
    }

    private static JsonNode? ParseValue(string key, string text, JsonNode? current)
    {
        var kind = current?.GetValueKind() ?? JsonValueKind.Null;
        if (kind == JsonValueKind.String && !text.TrimStart().StartsWith('"'))
            return JsonValue.Create(text);
        // nan, inf, 1e400 in any spelling: one message, where a number is expected.
        if (kind == JsonValueKind.Number && NumberText.TryParseDouble(text, out var number) && !double.IsFinite(number))
            throw new InvalidDataException($"--set {key}: '{key}': '{text}' is not a finite number");
        try
        {
            var parsed = JsonNode.Parse(text, documentOptions: ReadOptions);
            CheckFinite(parsed, key, $"--set {key}");
            return parsed;
        }
        catch (JsonException) when (kind == JsonValueKind.Null)
        {
            return JsonValue.Create(text);
        }
        catch (JsonException)
        {
            throw new InvalidDataException($"--set {key}: '{text}' is not a valid {Describe(kind)}");
        }
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean (true/false)",
        JsonValueKind.Array => "JSON array",
        _ => "JSON value",
    };

    private JsonNode? ResolvePaths(string key, JsonNode? value, string baseDir) =>
        MapPaths(key, value, p => p.Length == 0 || Path.IsPathRooted(p) ? p : Path.GetFullPath(Path.Combine(baseDir, p)));

    // Maps the strings of path settings found at or under `key` (lists as "key[]", objects as "key.child").
    private JsonNode? MapPaths(string key, JsonNode? node, Func<string, string> map) => node switch
    {
        null => null,
        JsonArray array => new JsonArray(array.Select(n => PathKeys.Contains(key) ? MapPaths(key, n, map) : MapPaths(key + "[]", n, map)).ToArray()),
        JsonObject obj => new JsonObject(obj.Select(p => KeyValuePair.Create(p.Key, MapPaths(key.Length == 0 ? p.Key : $"{key}.{p.Key}", p.Value, map)))),
        JsonValue v when PathKeys.Contains(key) && v.GetValueKind() == JsonValueKind.String => JsonValue.Create(map(v.GetValue<string>())),
        _ => node.DeepClone(),
    };
}
