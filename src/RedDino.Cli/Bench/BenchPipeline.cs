using System.Text.Json.Nodes;
using RedDino.MLNet.Embeddings;
using RedDino.MLNet.Evaluation;

namespace RedDino.Cli.Bench;

/// <summary>A bench pipeline (docs/formats/pipelines.md), typed: the defaults of <see cref="BenchDefaults"/>,
/// then a `pipelines/*.json` of kind "bench", then `--set` assignments. Every path in it is already
/// resolved: relative paths in the file resolve against the pipeline file's folder.</summary>
/// <param name="Name">Pipeline name (used in the default results folder name).</param>
/// <param name="File">The pipeline file.</param>
/// <param name="Dataset">Where the rows come from.</param>
/// <param name="Backbones">Backbones to compare, in table order.</param>
/// <param name="Protocol">Evaluation protocol.</param>
/// <param name="Classifiers">Classifier names (linear_probe, knn_K), in table column order.</param>
/// <param name="Output">Results folder, or null for results/&lt;name&gt;-&lt;timestamp&gt; under the current folder.</param>
/// <param name="Embedding">Batch size, device, threads and cache of the embedding engine.</param>
/// <param name="Evaluation">Protocol, classifiers and classifier settings.</param>
/// <param name="Seed">Seed of the MLContext that fits the classifiers.</param>
/// <param name="Settings">The merged settings as JSON (recorded whole in run.json).</param>
internal sealed record BenchPipeline(
    string Name, string File, BenchDataset Dataset, IReadOnlyList<BenchBackbone> Backbones,
    BenchProtocol Protocol, IReadOnlyList<string> Classifiers, string? Output,
    RedDinoEmbeddingOptions Embedding, EvaluationOptions Evaluation, int Seed, JsonObject Settings);

/// <summary>The dataset of a bench pipeline: a manifest CSV, or a manifest builder with its arguments.</summary>
/// <param name="Manifest">Manifest CSV (when <paramref name="Builder"/> is null).</param>
/// <param name="DataRoot">Folder that manifest paths resolve against, or null for the manifest's folder.</param>
/// <param name="Builder">"chula", "folders" or "elsafty", or null for a manifest file.</param>
/// <param name="Root">The builder's dataset folder.</param>
/// <param name="CropSize">chula: crop size (null = default).</param>
/// <param name="Classes">chula: class numbers to keep (null = all).</param>
/// <param name="SourceRegex">folders: source regex.</param>
/// <param name="Sources">elsafty: slide,source CSV.</param>
internal sealed record BenchDataset(
    string? Manifest, string? DataRoot, string? Builder, string? Root,
    int? CropSize = null, IReadOnlyList<int>? Classes = null, string? SourceRegex = null, string? Sources = null);

/// <summary>How a backbone is given: an ONNX file, a checkpoint converted on the fly, or a built-in.</summary>
internal enum BackboneKind { Model, Checkpoint, Builtin }

/// <summary>One backbone of a pipeline.</summary>
/// <param name="Name">Row name in the tables and key in metrics.json.</param>
/// <param name="Kind">Which of model / checkpoint / builtin was given.</param>
/// <param name="Value">The ONNX path, checkpoint path (resolved) or built-in name.</param>
/// <param name="Arch">checkpoint: architecture ("auto" when absent).</param>
/// <param name="ImageSize">checkpoint: input size (null = the exporter's default).</param>
internal sealed record BenchBackbone(string Name, BackboneKind Kind, string Value, string? Arch = null, int? ImageSize = null);

/// <summary>The evaluation protocol: "kfold" with a fold count, or "loso" with the group column.</summary>
internal sealed record BenchProtocol(string Type, int? Folds, string? GroupColumn);
