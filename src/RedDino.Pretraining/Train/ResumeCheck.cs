using System.Text.Json;
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
        if (!SavedFileHasGroup(path, "eval"))
        {
            // Started before the view-retrieval signal existed: it trained on its whole source, which
            // stays true only if the held-out set does not come out of the training source.
            var eval = current["eval"]!.AsObject();
            var holdsOut = eval["retrieval_images"]!.GetValue<int>() > 0 && eval["retrieval_manifest"]!.GetValue<string>().Length == 0;
            if (holdsOut)
                throw new InvalidDataException(
                    $"--resume {resumeDir}: the run started before the view-retrieval signal and trained on its whole source; " +
                    "resume with --set eval.retrieval_images=0, or name a held-out set outside the source with eval.retrieval_manifest");
            saved["eval"] = eval.DeepClone();
        }
        var difference = FirstDifference(saved, current, "");
        if (difference is not null)
            throw new InvalidDataException($"--resume {resumeDir}: key '{difference}' differs from the run's {path}; resume with the same configuration");
    }

    private static bool SavedFileHasGroup(string path, string group) =>
        JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })
            ?.AsObject().ContainsKey(group) ?? false;

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
