using System.Text.Json;
using System.Text.Json.Nodes;
using RedDino.Cli.Settings;
using RedDino.Formats.Builtin;
using RedDino.MLNet.Classifiers;
using RedDino.MLNet.Embeddings;
using RedDino.MLNet.Evaluation;

namespace RedDino.Cli.Bench;

/// <summary>Reads a bench pipeline: <see cref="BenchDefaults"/>, the file and <c>--set</c> assignments
/// merged (unknown keys are errors; relative paths resolve against the pipeline file's folder), then
/// typed and validated. Every error is an <see cref="InvalidDataException"/> naming the file and the
/// field (e.g. "backbones[1].modle").</summary>
internal static class BenchPipelineReader
{
    private static readonly string[] BackboneFields = ["name", "model", "checkpoint", "builtin", "arch", "image_size"];
    private static readonly string[] Builders = ["chula", "folders", "elsafty"];

    /// <exception cref="FileNotFoundException">The pipeline file does not exist.</exception>
    /// <exception cref="InvalidDataException">A bad field or value (names the file and the field).</exception>
    public static BenchPipeline Read(string path, IEnumerable<string>? assignments = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Pipeline not found: {path}", path);
        var merged = BenchDefaults.Layers.Merge(BenchDefaults.Json(), path, assignments ?? []);
        using var document = JsonDocument.Parse(merged.ToJsonString());
        return Parse(new Node(path, "", document.RootElement), Path.GetFullPath(path), merged);
    }

    private static BenchPipeline Parse(Node root, string file, JsonObject merged)
    {
        if (root.Required("format_version").Int() != 1)
            throw root.Field("format_version").Error("only format_version 1 is known");
        var name = root.Required("name").String();
        if (name.Length == 0 || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
            throw root.Field("name").Error("must be a non-empty name usable in a folder name");

        var backbones = root.Required("backbones").Array().Select(ParseBackbone).ToList();
        if (backbones.Count == 0) throw root.Field("backbones").Error("list at least one backbone");
        var duplicate = backbones.GroupBy(b => b.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw root.Field("backbones").Error($"the name '{duplicate.Key}' is used twice");

        var classifierNodes = root.Required("classifiers").Array().ToList();
        if (classifierNodes.Count == 0) throw root.Field("classifiers").Error("list at least one classifier");
        var classifiers = classifierNodes.Select(ParseClassifier).ToList();
        var repeated = classifiers.GroupBy(c => c.Name).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null) throw root.Field("classifiers").Error($"'{repeated.Key}' is listed twice");

        var protocol = ParseProtocol(root.Required("protocol"));
        var evaluation = ParseEvaluation(root.Required("evaluation"), protocol, classifiers);
        return new BenchPipeline(name, file, ParseDataset(root.Required("dataset")), backbones, protocol,
            classifiers.Select(c => c.Name).ToList(), root.Optional("output")?.String(),
            ParseEmbedding(root.Required("embedding")), evaluation, root.Required("evaluation").Required("seed").Int(), merged);
    }

    private static BenchDataset ParseDataset(Node node)
    {
        if (node.Element.ValueKind == JsonValueKind.String)
            return new BenchDataset(node.String(), null, null, null);
        if (node.Element.ValueKind != JsonValueKind.Object)
            throw node.Error("must be a manifest path or an object {\"manifest\": ...} / {\"builder\": \"chula\"|\"folders\"|\"elsafty\", \"root\": ...}");
        if (node.Has("manifest"))
        {
            node.RequireObject(["manifest", "data_root"]);
            return new BenchDataset(node.Required("manifest").String(), node.Optional("data_root")?.String(), null, null);
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
        return new BenchDataset(null, null, builder, node.Required("root").String(),
            node.Optional("crop_size")?.Int(),
            node.Optional("classes")?.Array().Select(c => c.Int()).ToList(),
            node.Optional("source_regex")?.String(),
            node.Optional("sources")?.String());
    }

    private static BenchBackbone ParseBackbone(Node node)
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
        return new BenchBackbone(name, kind, value, node.Optional("arch")?.String(), node.Optional("image_size")?.Int());
    }

    private static ClassifierSpec ParseClassifier(Node node)
    {
        try
        {
            return ClassifierSpec.Parse(node.String());
        }
        catch (ArgumentException e)
        {
            throw node.Error(e.Message.Split(" (Parameter")[0]);
        }
    }

    // Only the setting of the chosen type is kept: folds for kfold, the group column for loso.
    private static BenchProtocol ParseProtocol(Node node)
    {
        node.RequireObject(["type", "folds", "group_column"]);
        var type = node.Required("type").String();
        switch (type)
        {
            case "kfold":
                var folds = node.Required("folds").Int();
                if (folds < 2) throw node.Field("folds").Error($"needs at least 2 folds, found {folds}");
                return new BenchProtocol(type, folds, null);
            case "loso":
                return new BenchProtocol(type, null, node.Required("group_column").String());
            default:
                throw node.Field("type").Error($"unknown protocol '{type}' (use \"kfold\" or \"loso\")");
        }
    }

    private static RedDinoEmbeddingOptions ParseEmbedding(Node node)
    {
        var options = new RedDinoEmbeddingOptions
        {
            BatchSize = node.Required("batch_size").Int(),
            Device = node.Required("device").Enum<EmbeddingDevice>(),
            GpuId = node.Required("gpu_id").Int(),
            PreprocessingThreads = node.Required("preprocessing_threads").Int(),
            IntraOpThreads = node.Required("intra_op_threads").Int(),
            PrefetchBatches = node.Required("prefetch_batches").Int(),
            CacheFolder = node.Optional("cache_folder")?.String(),
        };
        try
        {
            options.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw node.Error(e.Message.Split(" (Parameter")[0].Split('\n')[0]);
        }
        return options;
    }

    private static EvaluationOptions ParseEvaluation(Node node, BenchProtocol protocol, IReadOnlyList<ClassifierSpec> classifiers)
    {
        var linear = node.Required("linear_probe");
        var knn = node.Required("knn");
        var options = new EvaluationOptions
        {
            Protocol = protocol.Type == "kfold" ? EvaluationProtocol.KFold(protocol.Folds!.Value) : EvaluationProtocol.LeaveOneGroupOut(protocol.GroupColumn!),
            Classifiers = classifiers,
            CenterLinearProbeFeatures = node.Required("center_linear_probe_features").Bool(),
        };
        options.LinearProbe.L2Numerator = linear.Required("l2_numerator").Double();
        options.LinearProbe.MaximumNumberOfIterations = linear.Required("max_iterations").Int();
        options.LinearProbe.OptimizationTolerance = (float)linear.Required("optimization_tolerance").Double();
        options.LinearProbe.NumberOfThreads = linear.Optional("threads")?.Int();
        options.KNearestNeighbors.Distance = knn.Required("distance").Enum<KnnDistance>();
        options.KNearestNeighbors.Weighting = knn.Required("weighting").Enum<KnnWeighting>();
        if (!(options.LinearProbe.L2Numerator > 0)) throw linear.Field("l2_numerator").Error("must be positive");
        if (options.LinearProbe.MaximumNumberOfIterations < 1) throw linear.Field("max_iterations").Error("must be at least 1");
        return options;
    }

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

        public Node Required(string name) => Optional(name) ?? throw Field(name).Error("missing (required)");

        public Node? Optional(string name) => Has(name) && Element.GetProperty(name).ValueKind != JsonValueKind.Null ? Field(name) : null;

        public string String() => Element.ValueKind == JsonValueKind.String ? Element.GetString()! : throw Error($"must be a string, found {Describe()}");

        public int Int() => Element.ValueKind == JsonValueKind.Number && Element.TryGetInt32(out var v) ? v : throw Error($"must be an integer, found {Describe()}");

        public double Double() => Element.ValueKind == JsonValueKind.Number ? Element.GetDouble() : throw Error($"must be a number, found {Describe()}");

        public bool Bool() => Element.ValueKind is JsonValueKind.True or JsonValueKind.False ? Element.GetBoolean() : throw Error($"must be true or false, found {Describe()}");

        public T Enum<T>() where T : struct, Enum
        {
            var text = String();
            return System.Enum.GetValues<T>().FirstOrDefault(v => OptionsJson.Name(v) == text) is var value && OptionsJson.Name(value) == text ? value
                : throw Error($"unknown value '{text}' (use {string.Join(", ", System.Enum.GetValues<T>().Select(v => OptionsJson.Name(v)))})");
        }

        public IEnumerable<Node> Array()
        {
            if (Element.ValueKind != JsonValueKind.Array) throw Error($"must be a list, found {Describe()}");
            var self = this;
            return Element.EnumerateArray().Select((e, i) => new Node(self.File, $"{self.FieldPath}[{i}]", e)).ToList();
        }

        private string Describe() => Element.ValueKind == JsonValueKind.Undefined ? "nothing" : Element.ValueKind.ToString().ToLowerInvariant();
    }
}
