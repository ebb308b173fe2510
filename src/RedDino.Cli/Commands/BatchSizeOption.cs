using System.CommandLine;
using System.Globalization;
using RedDino.Cli.Infrastructure;
using RedDino.MLNet.Embeddings;

namespace RedDino.Cli.Commands;

/// <summary>`--batch-size N|auto`: a positive count, or "auto" (the default) for the device's rule
/// (<see cref="BatchSizeRule"/>); bench pipelines spell `embedding.batch_size` the same way.</summary>
internal static class BatchSizeOption
{
    /// <summary>How the automatic value is spelled.</summary>
    public const string Auto = "auto";

    public static Option<string> Create() => new("--batch-size")
    {
        Description = $"Images per inference call, or auto (CPU: about {BatchSizeRule.CpuTokensPerCall} tokens per call for a ViT, {BatchSizeRule.CpuMax} for other models; CUDA: {BatchSizeRule.Cuda})",
        DefaultValueFactory = _ => Auto,
    };

    /// <summary>The option's text as <see cref="RedDinoEmbeddingOptions.BatchSize"/>.</summary>
    /// <exception cref="UsageException">Neither "auto" nor a positive integer.</exception>
    public static int Parse(string text) => TryParse(text, out var size) ? size
        : throw new UsageException($"--batch-size must be {Auto} or an integer between 1 and {RedDinoEmbeddingDefaults.MaxBatchSize}, got '{text}'");

    /// <summary>"auto" is <see cref="RedDinoEmbeddingOptions.AutoBatchSize"/>; otherwise an integer from 1 to
    /// <see cref="RedDinoEmbeddingDefaults.MaxBatchSize"/>.</summary>
    public static bool TryParse(string text, out int size)
    {
        size = RedDinoEmbeddingOptions.AutoBatchSize;
        if (string.Equals(text, Auto, StringComparison.Ordinal)) return true;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out size) && size is >= 1 and <= RedDinoEmbeddingDefaults.MaxBatchSize;
    }

    /// <summary>The settings value of a batch size: "auto" or the number.</summary>
    public static System.Text.Json.Nodes.JsonNode ToJson(int size) =>
        size == RedDinoEmbeddingOptions.AutoBatchSize ? Auto : size;
}
