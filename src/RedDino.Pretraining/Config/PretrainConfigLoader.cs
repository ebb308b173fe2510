using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using RedDino.Formats.IO;

namespace RedDino.Pretraining.Config;

/// <summary>Builds the merged configuration: the embedded defaults, then a pipeline file's
/// overrides (`"kind": "pretrain"`, nothing else), then `--set key=value` assignments with dotted
/// keys. Unknown keys are errors that name the key. Relative paths resolve against the folder of
/// the file that names them (the current folder for --set); the merged file written beside the
/// outputs stores them relative to its own folder, so the same rule reads it back.</summary>
public static class PretrainConfigLoader
{
    public const string Kind = "pretrain";
    private const string DefaultsResource = "RedDino.Pretraining.pretrain-defaults.json";

    /// <summary>Settings holding file or folder paths (a string or a list of strings).</summary>
    public static readonly IReadOnlySet<string> PathKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        "student.pretrained_weights", "data.images", "data.exclude_lists", "data.manifest", "data.data_root",
    };

    public static readonly JsonSerializerOptions SerializerOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
        WriteIndented = true,
    };

    private static readonly JsonDocumentOptions ReadOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>The defaults (a fresh copy each call).</summary>
    public static JsonObject Defaults()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(DefaultsResource)
            ?? throw new InvalidOperationException($"embedded resource {DefaultsResource} is missing");
        return JsonNode.Parse(stream, documentOptions: ReadOptions)!.AsObject();
    }

    /// <summary>Defaults + the file (if any) + the assignments, validated.</summary>
    public static (JsonObject Json, PretrainConfig Config) Load(string? configPath, IEnumerable<string> assignments)
    {
        var merged = Defaults();
        if (configPath is not null)
            MergeFile(merged, configPath);
        foreach (var assignment in assignments)
            ApplyAssignment(merged, assignment, Directory.GetCurrentDirectory());
        return (merged, ToConfig(merged, configPath ?? "the configuration"));
    }

    /// <summary>Merges a pipeline file (`"kind": "pretrain"` plus overrides) into <paramref name="target"/>.</summary>
    public static void MergeFile(JsonObject target, string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"pretraining configuration {path} not found", path);
        JsonObject file;
        try
        {
            file = JsonNode.Parse(File.ReadAllText(path), documentOptions: ReadOptions)?.AsObject()
                ?? throw new InvalidDataException($"{path}: expected a JSON object");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new InvalidDataException($"{path}: not a JSON object ({e.Message})", e);
        }
        var kind = file["kind"]?.GetValue<string>();
        if (kind != Kind)
            throw new InvalidDataException($"{path}: field 'kind' must be \"{Kind}\" (found {(kind is null ? "nothing" : $"\"{kind}\"")})");
        file.Remove("kind");
        var baseDir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Merge(target, file, "", path, baseDir);
    }

    /// <summary>Applies one `key=value` (dotted key). The value is read by the type of the default:
    /// strings verbatim (or a JSON string), numbers, true/false, and JSON arrays.</summary>
    public static void ApplyAssignment(JsonObject target, string assignment, string baseDir)
    {
        var eq = assignment.IndexOf('=');
        if (eq <= 0)
            throw new InvalidDataException($"--set {assignment}: expected key=value");
        var key = assignment[..eq].Trim();
        var text = assignment[(eq + 1)..];
        var parts = key.Split('.');
        JsonObject parent = target;
        for (var i = 0; i < parts.Length - 1; i++)
            parent = parent[parts[i]] as JsonObject ?? throw new InvalidDataException($"--set {key}: unknown key '{string.Join('.', parts[..(i + 1)])}'");
        if (!parent.ContainsKey(parts[^1]))
            throw new InvalidDataException($"--set {key}: unknown key '{key}'");
        var current = parent[parts[^1]];
        if (current is JsonObject)
            throw new InvalidDataException($"--set {key}: '{key}' is a group; set one of its keys");
        var value = ParseValue(key, text, current);
        parent[parts[^1]] = ResolvePaths(key, value, baseDir);
    }

    /// <summary>The typed configuration, or an error naming the key whose value has the wrong type
    /// or range.</summary>
    public static PretrainConfig ToConfig(JsonObject merged, string sourceName)
    {
        PretrainConfig config;
        try
        {
            config = merged.Deserialize<PretrainConfig>(SerializerOptions)
                ?? throw new InvalidDataException($"{sourceName}: empty configuration");
        }
        catch (JsonException e)
        {
            var key = (e.Path ?? "$").TrimStart('$', '.');
            throw new InvalidDataException($"{sourceName}: bad value for key '{key}': {e.Message}", e);
        }
        PretrainConfigValidator.Validate(config, sourceName);
        return config;
    }

    /// <summary>Writes the merged configuration with paths relative to the file's own folder.</summary>
    public static void WriteMerged(JsonObject merged, string path)
    {
        var copy = merged.DeepClone().AsObject();
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        foreach (var key in PathKeys)
        {
            var (parent, name) = Locate(copy, key);
            if (parent?[name] is { } node)
                parent[name] = MapPaths(node, p => p.Length == 0 ? p : Path.GetRelativePath(folder, p));
        }
        copy.Insert(0, "kind", Kind);
        AtomicFile.WriteAllText(path, copy.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    private static void Merge(JsonObject target, JsonObject overrides, string prefix, string source, string baseDir)
    {
        foreach (var (name, value) in overrides.ToList())
        {
            var key = prefix.Length == 0 ? name : $"{prefix}.{name}";
            if (!target.ContainsKey(name))
                throw new InvalidDataException($"{source}: unknown key '{key}'");
            var current = target[name];
            if (current is JsonObject group)
            {
                if (value is not JsonObject child)
                    throw new InvalidDataException($"{source}: key '{key}' must be an object of settings");
                Merge(group, child, key, source, baseDir);
                continue;
            }
            if (value is JsonObject)
                throw new InvalidDataException($"{source}: key '{key}' is a setting, not a group");
            target[name] = ResolvePaths(key, value?.DeepClone(), baseDir);
        }
    }

    private static JsonNode? ParseValue(string key, string text, JsonNode? current)
    {
        var kind = current?.GetValueKind() ?? JsonValueKind.Null;
        if (kind == JsonValueKind.String && !text.TrimStart().StartsWith('"'))
            return JsonValue.Create(text);
        try
        {
            var parsed = JsonNode.Parse(text, documentOptions: ReadOptions);
            return parsed;
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

    private static JsonNode? ResolvePaths(string key, JsonNode? value, string baseDir) =>
        PathKeys.Contains(key) && value is not null
            ? MapPaths(value, p => p.Length == 0 || Path.IsPathRooted(p) ? p : Path.GetFullPath(Path.Combine(baseDir, p)))
            : value;

    private static JsonNode MapPaths(JsonNode node, Func<string, string> map) => node switch
    {
        JsonArray array => new JsonArray(array.Select(n => (JsonNode?)MapPaths(n!, map)).ToArray()),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => JsonValue.Create(map(v.GetValue<string>()))!,
        _ => node.DeepClone(),
    };

    private static (JsonObject? Parent, string Name) Locate(JsonObject root, string dotted)
    {
        var parts = dotted.Split('.');
        JsonObject? parent = root;
        for (var i = 0; i < parts.Length - 1 && parent is not null; i++)
            parent = parent[parts[i]] as JsonObject;
        return (parent, parts[^1]);
    }
}
