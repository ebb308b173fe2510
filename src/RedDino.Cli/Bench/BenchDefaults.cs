using System.Text.Json.Nodes;
using RedDino.Cli.Settings;
using RedDino.Formats.Configuration;
using RedDino.MLNet.Embeddings;
using RedDino.MLNet.Evaluation;

namespace RedDino.Cli.Bench;

/// <summary>Every bench setting with its default, in one place: the library's own defaults (evaluation
/// protocol, classifiers, embedding and classifier options) written out as the bottom layer under a
/// pipeline file and <c>--set</c> (docs/formats/pipelines.md). The dataset, the backbones and the name
/// have no default.</summary>
internal static class BenchDefaults
{
    public const string Kind = "bench";

    /// <summary>The bench's path settings: relative values resolve against the pipeline file's folder.</summary>
    public static LayeredSettings Layers { get; } = new(Kind, new HashSet<string>(StringComparer.Ordinal)
    {
        "dataset", "dataset.manifest", "dataset.data_root", "dataset.root", "dataset.sources",
        "backbones[].model", "backbones[].checkpoint", "output", "embedding.cache_folder",
    });

    /// <summary>The defaults (a fresh copy each call).</summary>
    public static JsonObject Json()
    {
        var evaluation = new EvaluationOptions();
        return new JsonObject
        {
            ["kind"] = Kind,
            ["format_version"] = 1,
            ["name"] = null,
            ["description"] = "",
            ["dataset"] = null,
            ["backbones"] = new JsonArray(),
            ["protocol"] = new JsonObject
            {
                ["type"] = evaluation.Protocol.Name,
                ["folds"] = EvaluationDefaults.Folds,
                ["group_column"] = EvaluationDefaults.GroupColumn,
            },
            ["classifiers"] = OptionsJson.Classifiers(evaluation.Classifiers),
            ["output"] = null,
            ["embedding"] = OptionsJson.Embedding(new RedDinoEmbeddingOptions { CacheFolder = RedDinoEmbeddingDefaults.CommandLineCacheFolder }),
            ["evaluation"] = OptionsJson.Evaluation(evaluation, OptionsJson.DefaultSeed),
        };
    }
}
