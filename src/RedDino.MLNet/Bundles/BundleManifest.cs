using System.Text.Json;
using System.Text.Json.Nodes;

namespace RedDino.MLNet.Bundles;

/// <summary>bundle.json (docs/formats/bundles.md): {"format_version", "tool_version", "created", "classes",
/// "backbone": {"file", "sha256", "preprocessing"}, "head": {"kind", "k", "file", "sha256"},
/// "card": {"metrics", "provenance"}}.</summary>
/// <param name="FormatVersion">Bundle format version (<see cref="BundleFormat.CurrentVersion"/> when written).</param>
/// <param name="ToolVersion">RedDino.MLNet version that wrote it.</param>
/// <param name="Created">When it was written (ISO 8601).</param>
/// <param name="Classes">Class names; position = class index = key - 1.</param>
/// <param name="Backbone">The backbone entry.</param>
/// <param name="Head">The head entry.</param>
/// <param name="Card">Metrics and provenance.</param>
public sealed record BundleManifest(int FormatVersion, string ToolVersion, string Created, IReadOnlyList<string> Classes,
    BundleBackbone Backbone, BundleHead Head, RedDinoBundleCard Card)
{
    /// <summary>The JSON document.</summary>
    public JsonObject ToJson() => new()
    {
        ["format_version"] = FormatVersion,
        ["tool_version"] = ToolVersion,
        ["created"] = Created,
        ["classes"] = new JsonArray(Classes.Select(c => (JsonNode?)c).ToArray()),
        ["backbone"] = new JsonObject
        {
            ["file"] = Backbone.File,
            ["sha256"] = Backbone.Sha256,
            ["preprocessing"] = Backbone.Preprocessing?.DeepClone(),
        },
        ["head"] = new JsonObject
        {
            ["kind"] = Head.Kind,
            ["k"] = Head.K,
            ["file"] = Head.File,
            ["sha256"] = Head.Sha256,
        },
        ["card"] = new JsonObject
        {
            ["metrics"] = Card.Metrics?.DeepClone(),
            ["provenance"] = Card.Provenance?.DeepClone(),
        },
    };

    /// <summary>Parses bundle.json; <paramref name="source"/> names the bundle in errors.</summary>
    /// <exception cref="InvalidDataException">Malformed, missing a field, or a newer format version.</exception>
    public static BundleManifest Parse(string json, string source)
    {
        try
        {
            var root = JsonNode.Parse(json)?.AsObject() ?? throw new InvalidDataException($"{source}: bundle.json is empty");
            var version = Required(root, "format_version", source).GetValue<int>();
            if (version > BundleFormat.CurrentVersion)
                throw new InvalidDataException(
                    $"{source}: bundle format_version {version} is newer than this RedDino.MLNet reads ({BundleFormat.CurrentVersion}); update RedDino.MLNet");
            if (version < 1) throw new InvalidDataException($"{source}: invalid bundle format_version {version}");
            var backbone = Required(root, "backbone", source).AsObject();
            var head = Required(root, "head", source).AsObject();
            var card = root["card"] as JsonObject;
            var classes = Required(root, "classes", source).AsArray().Select(c => c!.GetValue<string>()).ToArray();
            if (classes.Length == 0) throw new InvalidDataException($"{source}: bundle.json lists no classes");
            return new BundleManifest(version, root["tool_version"]?.GetValue<string>() ?? "", root["created"]?.GetValue<string>() ?? "", classes,
                new BundleBackbone(Required(backbone, "file", source).GetValue<string>(), Required(backbone, "sha256", source).GetValue<string>(),
                    backbone["preprocessing"] as JsonObject),
                new BundleHead(Required(head, "kind", source).GetValue<string>(), head["k"]?.GetValue<int>(),
                    Required(head, "file", source).GetValue<string>(), Required(head, "sha256", source).GetValue<string>()),
                new RedDinoBundleCard(card?["metrics"]?.DeepClone().AsObject(), card?["provenance"]?.DeepClone().AsObject()));
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{source}: malformed bundle.json ({e.Message})", e);
        }
    }

    private static JsonNode Required(JsonObject parent, string key, string source) =>
        parent[key] ?? throw new InvalidDataException($"{source}: bundle.json has no '{key}'");
}

/// <summary>The backbone entry of bundle.json.</summary>
/// <param name="File">Entry name (backbone.onnx).</param>
/// <param name="Sha256">sha256 of the entry's bytes (the ONNX file's: the contract's model sha256).</param>
/// <param name="Preprocessing">The preprocessing the backbone expects (as in embedding sidecars).</param>
public sealed record BundleBackbone(string File, string Sha256, JsonObject? Preprocessing);

/// <summary>The head entry of bundle.json.</summary>
/// <param name="Kind">"linear_probe" (an ML.NET model) or "knn".</param>
/// <param name="K">k for k-NN, else null.</param>
/// <param name="File">Entry name (head.mlnet or knn.bin).</param>
/// <param name="Sha256">sha256 of the entry's bytes.</param>
public sealed record BundleHead(string Kind, int? K, string File, string Sha256);
