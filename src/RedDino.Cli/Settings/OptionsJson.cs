using System.Text.Json.Nodes;
using RedDino.MLNet.Embeddings;
using RedDino.MLNet.Evaluation;

namespace RedDino.Cli.Settings;

/// <summary>The library's options as the CLI's settings JSON, one mapping per options class, used both
/// ways: a bench pipeline's defaults are the options' own defaults written out here, the pipeline's
/// values are read back into the same options (<see cref="Bench.BenchPipelineReader"/>), and run.json
/// records the options of every run whole, eval's and bench's alike.</summary>
internal static class OptionsJson
{
    /// <summary>Seed of the MLContext that runs the classifiers (the splits themselves are not random).</summary>
    public const int DefaultSeed = 0;

    /// <summary>The embedding settings a command can change (bench "embedding" group).</summary>
    public static JsonObject Embedding(RedDinoEmbeddingOptions options) => new()
    {
        ["batch_size"] = options.BatchSize,
        ["device"] = Name(options.Device),
        ["gpu_id"] = options.GpuId,
        ["preprocessing_threads"] = options.PreprocessingThreads,
        ["intra_op_threads"] = options.IntraOpThreads,
        ["prefetch_batches"] = options.PrefetchBatches,
        ["cache_folder"] = options.CacheFolder,
    };

    /// <summary>The classifier settings besides protocol and classifier names (bench "evaluation" group).</summary>
    public static JsonObject Evaluation(EvaluationOptions options, int seed) => new()
    {
        ["seed"] = seed,
        ["center_linear_probe_features"] = options.CenterLinearProbeFeatures,
        ["linear_probe"] = new JsonObject
        {
            ["l2_numerator"] = options.LinearProbe.L2Numerator,
            ["max_iterations"] = options.LinearProbe.MaximumNumberOfIterations,
            ["optimization_tolerance"] = options.LinearProbe.OptimizationTolerance,
            ["threads"] = options.LinearProbe.NumberOfThreads,
        },
        ["knn"] = new JsonObject
        {
            ["distance"] = Name(options.KNearestNeighbors.Distance),
            ["weighting"] = Name(options.KNearestNeighbors.Weighting),
        },
    };

    /// <summary>Classifier names in order.</summary>
    public static JsonArray Classifiers(IEnumerable<ClassifierSpec> classifiers) => new(classifiers.Select(c => (JsonNode?)c.Name).ToArray());

    /// <summary>Every evaluation option of a run, for run.json: the protocol as metrics.json spells it
    /// (protocol, folds, group_column), the classifiers, then the rest.</summary>
    public static JsonObject EvaluationRun(EvaluationOptions options, int seed)
    {
        var json = Evaluation(options, seed);
        json.Insert(0, "protocol", options.Protocol.Name);
        json.Insert(1, "folds", options.Protocol.Folds);
        json.Insert(2, "group_column", options.Protocol.GroupColumn);
        json.Insert(3, "classifiers", Classifiers(options.Classifiers));
        return json;
    }

    /// <summary>An enum value as the settings spell it (lower case).</summary>
    public static string Name<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();
}
