using System.Text.Json;
using System.Text.Json.Nodes;

namespace RedDino.MLNet.Bundles;

/// <summary>bundle.json (docs/formats/bundles.md): {"format_version", "tool_version", "created", "classes",
/// "input": {"column", "image_folder"}, "feature_column", "backbone": {"file", "sha256", "preprocessing"},
/// "head": {"kind", "k", "file", "sha256", "feature_column", "key_classes", "transforms": {"file", "sha256"}},
/// "card": {"metrics", "provenance"}}.</summary>
/// <param name="FormatVersion">Bundle format version (<see cref="BundleFormat.CurrentVersion"/> when written).</param>
/// <param name="ToolVersion">RedDino.MLNet version that wrote it.</param>
/// <param name="Created">When it was written (ISO 8601).</param>
/// <param name="Classes">Class names; position = class index = PredictedLabel key - 1. Ordinal order from format 3 on.</param>
/// <param name="Backbone">The backbone entry.</param>
/// <param name="Head">The head entry.</param>
/// <param name="Card">Metrics and provenance.</param>
public sealed record BundleManifest(int FormatVersion, string ToolVersion, string Created, IReadOnlyList<string> Classes,
    BundleBackbone Backbone, BundleHead Head, RedDinoBundleCard Card)
{
    /// <summary>The image column the pipeline was trained on, and the folder its relative paths resolved against
    /// (format 3 on; null in older bundles).</summary>
    public BundleInput? Input { get; init; }

    /// <summary>The embedding column between backbone and head (format 3 on; null in older bundles).</summary>
    public string? FeatureColumn { get; init; }

    /// <summary>The JSON document.</summary>
    public JsonObject ToJson() => new()
    {
        ["format_version"] = FormatVersion,
        ["tool_version"] = ToolVersion,
        ["created"] = Created,
        ["classes"] = Strings(Classes),
        ["input"] = Input is null ? null : new JsonObject { ["column"] = Input.Column, ["image_folder"] = Input.ImageFolder },
        ["feature_column"] = FeatureColumn,
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
            ["feature_column"] = Head.FeatureColumn,
            ["key_classes"] = Head.KeyClasses is null ? null : Strings(Head.KeyClasses),
            ["transforms"] = Head.Transforms is null ? null : new JsonObject { ["file"] = Head.Transforms.File, ["sha256"] = Head.Transforms.Sha256 },
        },
        ["card"] = new JsonObject
        {
            ["metrics"] = Card.Metrics?.DeepClone(),
            ["provenance"] = Card.Provenance?.DeepClone(),
        },
    };

    /// <summary>The entries bundle.json lists besides itself: (name, sha256).</summary>
    public IEnumerable<(string Entry, string Sha256)> Entries()
    {
        yield return (Backbone.File, Backbone.Sha256);
        if (Head.Transforms is { } transforms)
            yield return (transforms.File, transforms.Sha256);
        yield return (Head.File, Head.Sha256);
    }

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
            var classes = StringList(Required(root, "classes", source));
            if (classes.Length == 0) throw new InvalidDataException($"{source}: bundle.json lists no classes");
            var keyClasses = head["key_classes"] is { } keys ? StringList(keys) : null;
            if (keyClasses is not null && !keyClasses.Order(StringComparer.Ordinal).SequenceEqual(classes.Order(StringComparer.Ordinal)))
                throw new InvalidDataException($"{source}: bundle.json's head key_classes [{string.Join(", ", keyClasses)}] are not the classes [{string.Join(", ", classes)}]");
            var transforms = head["transforms"] as JsonObject;
            var input = root["input"] as JsonObject;
            return new BundleManifest(version, root["tool_version"]?.GetValue<string>() ?? "", root["created"]?.GetValue<string>() ?? "", classes,
                new BundleBackbone(Required(backbone, "file", source).GetValue<string>(), Required(backbone, "sha256", source).GetValue<string>(),
                    backbone["preprocessing"] as JsonObject),
                new BundleHead(Required(head, "kind", source).GetValue<string>(), head["k"]?.GetValue<int>(),
                    Required(head, "file", source).GetValue<string>(), Required(head, "sha256", source).GetValue<string>())
                {
                    FeatureColumn = head["feature_column"]?.GetValue<string>(),
                    KeyClasses = keyClasses,
                    Transforms = transforms is null ? null
                        : new BundleEntry(Required(transforms, "file", source).GetValue<string>(), Required(transforms, "sha256", source).GetValue<string>()),
                },
                new RedDinoBundleCard(card?["metrics"]?.DeepClone().AsObject(), card?["provenance"]?.DeepClone().AsObject()))
            {
                Input = input is null ? null : new BundleInput(Required(input, "column", source).GetValue<string>(), input["image_folder"]?.GetValue<string>()),
                FeatureColumn = root["feature_column"]?.GetValue<string>(),
            };
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{source}: malformed bundle.json ({e.Message})", e);
        }
    }

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(c => (JsonNode?)c).ToArray());

    private static string[] StringList(JsonNode node) => node.AsArray().Select(c => c!.GetValue<string>()).ToArray();

    private static JsonNode Required(JsonObject parent, string key, string source) =>
        parent[key] ?? throw new InvalidDataException($"{source}: bundle.json has no '{key}'");
}

/// <summary>The backbone entry of bundle.json.</summary>
/// <param name="File">Entry name (backbone.onnx).</param>
/// <param name="Sha256">sha256 of the entry's bytes (the ONNX file's: the contract's model sha256).</param>
/// <param name="Preprocessing">The preprocessing the backbone expects (as in embedding sidecars).</param>
public sealed record BundleBackbone(string File, string Sha256, JsonObject? Preprocessing);

/// <summary>The head entry of bundle.json.</summary>
/// <param name="Kind">"mlnet" (an ML.NET chain), "knn", or "linear_probe" (formats 1 and 2: an ML.NET predictor alone).</param>
/// <param name="K">k for k-NN, else null.</param>
/// <param name="File">Entry name (head.mlnet or knn.bin).</param>
/// <param name="Sha256">sha256 of the entry's bytes.</param>
public sealed record BundleHead(string Kind, int? K, string File, string Sha256)
{
    /// <summary>The column a k-NN head reads (the embedding column, or a transform's output); null: the embedding column.</summary>
    public string? FeatureColumn { get; init; }

    /// <summary>The class names in the order of the head's own keys, when it differs from <see cref="BundleManifest.Classes"/>
    /// (an ML.NET head trained on first-seen keys); the bundle reorders its Score and PredictedLabel into the classes' order.</summary>
    public IReadOnlyList<string>? KeyClasses { get; init; }

    /// <summary>The ML.NET steps between the embedding and a k-NN head (transforms.mlnet), or null.</summary>
    public BundleEntry? Transforms { get; init; }
}

/// <summary>An entry of the bundle zip and its sha256.</summary>
/// <param name="File">Entry name.</param>
/// <param name="Sha256">sha256 of the entry's bytes.</param>
public sealed record BundleEntry(string File, string Sha256);

/// <summary>What the bundle's pipeline read images from.</summary>
/// <param name="Column">The image column (a path, bytes or MLImage column), e.g. "ImagePath".</param>
/// <param name="ImageFolder">The folder relative paths resolved against (RedDinoEmbeddingOptions.ImageFolder), or null for the current folder.</param>
public sealed record BundleInput(string Column, string? ImageFolder);
