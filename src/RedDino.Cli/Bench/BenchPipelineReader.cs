using System.Text.Json;
using System.Text.RegularExpressions;
using RedDino.Formats.Builtin;

namespace RedDino.Cli.Bench;

/// <summary>Reads and validates a bench pipeline. Every error is an <see cref="InvalidDataException"/>
/// naming the file and the field (e.g. "backbones[1].modle"). Unknown fields are errors; relative
/// paths resolve against the pipeline file's folder.</summary>
internal static partial class BenchPipelineReader
{
    private static readonly string[] TopFields = ["kind", "format_version", "name", "description", "dataset", "backbones", "protocol", "classifiers", "output"];
    private static readonly string[] BackboneFields = ["name", "model", "checkpoint", "builtin", "arch", "image_size"];
    private static readonly string[] Builders = ["chula", "folders", "elsafty"];

    [GeneratedRegex(@"^(linear_probe|knn_[1-9][0-9]*)$")]
    private static partial Regex ClassifierName();

    public static BenchPipeline Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Pipeline not found: {path}", path);
        JsonDocument document;
        try { document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }); }
        catch (JsonException e) { throw new InvalidDataException($"{path}: not valid JSON ({e.Message})", e); }
        using (document)
            return Parse(new Node(path, "", document.RootElement), Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    private static BenchPipeline Parse(Node root, string folder)
    {
        root.RequireObject(TopFields);
        var kind = root.Required("kind").String();
        if (kind != "bench") throw root.Field("kind").Error($"must be \"bench\" for `reddino bench` (found \"{kind}\")");
        if (root.Optional("format_version") is { } version && version.Int() != 1)
            throw version.Error("only format_version 1 is known");
        var name = root.Required("name").String();
        if (name.Length == 0 || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
            throw root.Field("name").Error("must be a non-empty name usable in a folder name");

        var backbones = root.Required("backbones").Array().Select(b => ParseBackbone(b, folder)).ToList();
        if (backbones.Count == 0) throw root.Field("backbones").Error("list at least one backbone");
        var duplicate = backbones.GroupBy(b => b.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw root.Field("backbones").Error($"the name '{duplicate.Key}' is used twice");

        var classifiers = root.Required("classifiers").Array().Select(c =>
        {
            var text = c.String();
            return ClassifierName().IsMatch(text) ? text : throw c.Error($"unknown classifier '{text}' (use linear_probe or knn_K, e.g. knn_1, knn_20)");
        }).ToList();
        if (classifiers.Count == 0) throw root.Field("classifiers").Error("list at least one classifier");

        var output = root.Optional("output")?.String();
        return new BenchPipeline(name, root.File, ParseDataset(root.Required("dataset"), folder), backbones,
            ParseProtocol(root.Required("protocol")), classifiers, output is null ? null : Resolve(folder, output));
    }

    private static BenchDataset ParseDataset(Node node, string folder)
    {
        if (node.Element.ValueKind == JsonValueKind.String)
            return new BenchDataset(Resolve(folder, node.String()), null, null, null);
        if (node.Element.ValueKind != JsonValueKind.Object)
            throw node.Error("must be a manifest path or an object {\"manifest\": ...} / {\"builder\": \"chula\"|\"folders\"|\"elsafty\", \"root\": ...}");
        if (node.Has("manifest"))
        {
            node.RequireObject(["manifest", "data_root"]);
            return new BenchDataset(Resolve(folder, node.Required("manifest").String()),
                node.Optional("data_root") is { } root ? Resolve(folder, root.String()) : null, null, null);
        }
        var builder = node.Required("builder").String();
        string[] allowed = builder switch
        {
            "chula" => ["builder", "root", "crop_size", "classes"],
            "folders" => ["builder", "root", "source_regex"],
            "elsafty" => ["builder", "root", "sources"],
            _ => throw node.Field("builder").Error($"unknown builder '{builder}' (known: {string.Join(", ", Builders)})"),
        };
        node.RequireObject(allowed);
        return new BenchDataset(null, null, builder, Resolve(folder, node.Required("root").String()),
            node.Optional("crop_size")?.Int(),
            node.Optional("classes")?.Array().Select(c => c.Int()).ToList(),
            node.Optional("source_regex")?.String(),
            node.Optional("sources") is { } sources ? Resolve(folder, sources.String()) : null);
    }

    private static BenchBackbone ParseBackbone(Node node, string folder)
    {
        node.RequireObject(BackboneFields);
        var name = node.Required("name").String();
        var given = new[] { "model", "checkpoint", "builtin" }.Where(node.Has).ToList();
        if (given.Count != 1)
            throw node.Error($"give exactly one of model (ONNX file), checkpoint (converted on the fly) or builtin ({string.Join(", ", BuiltinBackbones.Names)}); found {(given.Count == 0 ? "none" : string.Join(" and ", given))}");
        var kind = Enum.Parse<BackboneKind>(given[0], ignoreCase: true);
        if (kind != BackboneKind.Checkpoint)
            foreach (var field in new[] { "arch", "image_size" }.Where(node.Has))
                throw node.Field(field).Error("only applies to a checkpoint backbone");
        var value = node.Required(given[0]).String();
        if (kind == BackboneKind.Builtin && !BuiltinBackbones.Exists(value))
            throw node.Field("builtin").Error($"unknown built-in backbone '{value}' (known: {string.Join(", ", BuiltinBackbones.Names)})");
        return new BenchBackbone(name, kind, kind == BackboneKind.Builtin ? value : Resolve(folder, value),
            node.Optional("arch")?.String(), node.Optional("image_size")?.Int());
    }

    private static BenchProtocol ParseProtocol(Node node)
    {
        var type = node.Required("type").String();
        switch (type)
        {
            case "kfold":
                node.RequireObject(["type", "folds"]);
                var folds = node.Optional("folds")?.Int() ?? 5;
                if (folds < 2) throw node.Field("folds").Error($"needs at least 2 folds, found {folds}");
                return new BenchProtocol(type, folds, null);
            case "loso":
                node.RequireObject(["type", "group_column"]);
                return new BenchProtocol(type, null, node.Optional("group_column")?.String() ?? "source");
            default:
                throw node.Field("type").Error($"unknown protocol '{type}' (use \"kfold\" or \"loso\")");
        }
    }

    private static string Resolve(string folder, string path) => Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(folder, path));

    /// <summary>A JSON value with the file and field path its errors name.</summary>
    private readonly record struct Node(string File, string FieldPath, JsonElement Element)
    {
        public InvalidDataException Error(string message) =>
            new($"{File}: {(FieldPath.Length == 0 ? "pipeline" : $"'{FieldPath}'")}: {message}");

        public void RequireObject(IReadOnlyCollection<string> allowed)
        {
            if (Element.ValueKind != JsonValueKind.Object) throw Error("must be a JSON object");
            foreach (var property in Element.EnumerateObject())
                if (!allowed.Contains(property.Name))
                    throw Field(property.Name).Error($"unknown field (allowed here: {string.Join(", ", allowed)})");
        }

        public bool Has(string name) => Element.ValueKind == JsonValueKind.Object && Element.TryGetProperty(name, out _);

        public Node Field(string name) => new(File, FieldPath.Length == 0 ? name : $"{FieldPath}.{name}",
            Element.ValueKind == JsonValueKind.Object && Element.TryGetProperty(name, out var value) ? value : default);

        public Node Required(string name) => Has(name) ? Field(name) : throw Field(name).Error("missing (required)");

        public Node? Optional(string name) => Has(name) && Element.GetProperty(name).ValueKind != JsonValueKind.Null ? Field(name) : null;

        public string String() => Element.ValueKind == JsonValueKind.String ? Element.GetString()! : throw Error($"must be a string, found {Describe()}");

        public int Int() => Element.ValueKind == JsonValueKind.Number && Element.TryGetInt32(out var v) ? v : throw Error($"must be an integer, found {Describe()}");

        public IEnumerable<Node> Array()
        {
            if (Element.ValueKind != JsonValueKind.Array) throw Error($"must be a list, found {Describe()}");
            var self = this;
            return Element.EnumerateArray().Select((e, i) => new Node(self.File, $"{self.FieldPath}[{i}]", e)).ToList();
        }

        private string Describe() => Element.ValueKind == JsonValueKind.Undefined ? "nothing" : Element.ValueKind.ToString().ToLowerInvariant();
    }
}
