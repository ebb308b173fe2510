using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using RedDino.Formats.Configuration;
using RedDino.Formats.IO;

namespace RedDino.Pretraining.Config;

/// <summary>Builds the merged configuration: the embedded defaults, then a pipeline file's
/// overrides (`"kind": "pretrain"`, nothing else), then `--set key=value` assignments with dotted
/// keys, through RedDino.Formats' <see cref="LayeredSettings"/> (the bench's mechanism too). Unknown
/// keys are errors that name the key. Relative paths resolve against the folder of the file that
/// names them (the current folder for --set); the merged file written beside the outputs stores
/// them relative to its own folder, so the same rule reads it back.</summary>
public static class PretrainConfigLoader
{
    public const string Kind = "pretrain";
    private const string DefaultsResource = "RedDino.Pretraining.pretrain-defaults.json";

    /// <summary>Settings holding file or folder paths (a string or a list of strings).</summary>
    public static readonly IReadOnlySet<string> PathKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        "student.pretrained_weights", "data.images", "data.exclude_lists", "data.manifest", "data.data_root",
        "eval.retrieval_manifest", "eval.retrieval_data_root",
    };

    private static readonly LayeredSettings Layers = new(Kind, PathKeys);

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

    /// <summary>Defaults + the file (if any) + the assignments, validated. An error about a setting names
    /// where its value came from: "--set key=value" or the file.</summary>
    public static (JsonObject Json, PretrainConfig Config) Load(string? configPath, IEnumerable<string> assignments)
    {
        var list = assignments.ToList();
        var merged = Layers.Merge(Defaults(), configPath, list);
        var fileName = configPath ?? "the configuration";
        var setBy = LayeredSettings.AssignmentsByKey(list);
        return (merged, ToConfig(merged, key => setBy.TryGetValue(key, out var assignment) ? $"--set {assignment}" : fileName));
    }

    /// <summary>Merges a pipeline file (`"kind": "pretrain"` plus overrides) into <paramref name="target"/>.</summary>
    public static void MergeFile(JsonObject target, string path) => Layers.MergeFile(target, path);

    /// <summary>Applies one `key=value` (dotted key). The value is read by the type of the default:
    /// strings verbatim (or a JSON string), numbers, true/false, and JSON arrays.</summary>
    public static void ApplyAssignment(JsonObject target, string assignment, string baseDir) => Layers.ApplyAssignment(target, assignment, baseDir);

    /// <summary>The typed configuration, or an error naming the key whose value has the wrong type
    /// or range.</summary>
    public static PretrainConfig ToConfig(JsonObject merged, string sourceName) => ToConfig(merged, _ => sourceName);

    /// <summary>As <see cref="ToConfig(JsonObject, string)"/>, naming the source of each key.</summary>
    public static PretrainConfig ToConfig(JsonObject merged, Func<string, string> sourceOf)
    {
        if (SettingValues.FirstNonFinite(merged) is { } infinite)
            throw new InvalidDataException($"{sourceOf(infinite.Key)}: key '{infinite.Key}' is {infinite.Text}, which is not a finite number");
        PretrainConfig config;
        try
        {
            config = merged.Deserialize<PretrainConfig>(SerializerOptions)
                ?? throw new InvalidDataException($"{sourceOf("")}: empty configuration");
        }
        catch (JsonException e)
        {
            var key = System.Text.RegularExpressions.Regex.Replace((e.Path ?? "$").TrimStart('$', '.'), @"\[\d+\]", "");
            var found = KeyValue(merged, key);
            var expected = SettingValues.Describe(key);
            throw new InvalidDataException(expected is null
                ? $"{sourceOf(key)}: bad value for key '{key}'"
                : $"{sourceOf(key)}: key '{key}' must be {expected}, not {found}", e);
        }
        PretrainConfigValidator.Validate(config, sourceOf);
        return config;
    }

    private static string KeyValue(JsonObject merged, string key)
    {
        JsonNode? node = merged;
        foreach (var part in key.Split('.')) node = (node as JsonObject)?[part];
        return node?.ToJsonString() ?? "null";
    }

    /// <summary>Writes the merged configuration with paths relative to the file's own folder.</summary>
    public static void WriteMerged(JsonObject merged, string path)
    {
        var copy = Layers.WithPathsRelativeTo(merged, Path.GetDirectoryName(Path.GetFullPath(path))!);
        copy.Insert(0, "kind", Kind);
        AtomicFile.WriteAllText(path, copy.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }
}
