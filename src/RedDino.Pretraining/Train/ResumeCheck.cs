using System.Text.Json.Nodes;
using RedDino.Pretraining.Config;

namespace RedDino.Pretraining.Train;

/// <summary>A resumed run must use the configuration it was started with; only the settings that
/// cannot change its results may differ (worker threads, prefetch, checkpoint and log intervals).</summary>
internal static class ResumeCheck
{
    private static readonly HashSet<string> MayDiffer = new(StringComparer.Ordinal)
    {
        "train.num_workers", "train.prefetch_batches", "train.checkpoint_every", "train.log_every", "description",
    };

    public static void SameConfiguration(string resumeDir, JsonObject current)
    {
        var path = Path.Combine(resumeDir, PretrainingRun.ConfigFileName);
        if (!File.Exists(path))
            throw new FileNotFoundException($"--resume {resumeDir}: {PretrainingRun.ConfigFileName} not found", path);
        var saved = PretrainConfigLoader.Defaults();
        PretrainConfigLoader.MergeFile(saved, path);
        var difference = FirstDifference(saved, current, "");
        if (difference is not null)
            throw new InvalidDataException($"--resume {resumeDir}: key '{difference}' differs from the run's {path}; resume with the same configuration");
    }

    private static string? FirstDifference(JsonObject a, JsonObject b, string prefix)
    {
        foreach (var (name, value) in a)
        {
            var key = prefix.Length == 0 ? name : $"{prefix}.{name}";
            if (MayDiffer.Contains(key)) continue;
            var other = b[name];
            if (value is JsonObject ao && other is JsonObject bo)
            {
                if (FirstDifference(ao, bo, key) is { } d) return d;
            }
            else if (!JsonNode.DeepEquals(value, other))
            {
                return key;
            }
        }
        return null;
    }
}
