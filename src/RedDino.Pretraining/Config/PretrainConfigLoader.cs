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

    /// <summary>Defaults + the file (if any) + the assignments, validated.</summary>
    public static (JsonObject Json, PretrainConfig Config) Load(string? configPath, IEnumerable<string> assignments)
    {
        var merged = Layers.Merge(Defaults(), configPath, assignments);
        return (merged, ToConfig(merged, configPath ?? "the configuration"));
    }

    /// <summary>Merges a pipeline file (`"kind": "pretrain"` plus overrides) into <paramref name="target"/>.</summary>
    public static void MergeFile(JsonObject target, string path) => Layers.MergeFile(target, path);

    /// <summary>Applies one `key=value` (dotted key). The value is read by the type of the default:
    /// strings verbatim (or a JSON string), numbers, true/false, and JSON arrays.</summary>
    public static void ApplyAssignment(JsonObject target, string assignment, string baseDir) => Layers.ApplyAssignment(target, assignment, baseDir);

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
        var copy = Layers.WithPathsRelativeTo(merged, Path.GetDirectoryName(Path.GetFullPath(path))!);
        copy.Insert(0, "kind", Kind);
        AtomicFile.WriteAllText(path, copy.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }
}
