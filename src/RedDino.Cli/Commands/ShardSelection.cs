using System.Globalization;
using RedDino.Cli.Infrastructure;
using RedDino.MLNet.Embeddings;

namespace RedDino.Cli.Commands;

/// <summary>Which shard `reddino embed --out DIR` writes: <c>--shard K/N</c> when given, else the task variables of
/// the scheduler running it (README "Embedding on a cluster"):
/// <list type="bullet">
/// <item>Slurm array job: K = SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN + 1, N = SLURM_ARRAY_TASK_COUNT, so
/// <c>--array=0-7</c> and <c>--array=1-8</c> both make shards 1/8 .. 8/8. The array must be a contiguous range
/// (step 1; a <c>%</c> limit is fine), else the ids do not map onto 1..N.</item>
/// <item>Kubernetes Indexed Job: K = JOB_COMPLETION_INDEX + 1 (the index is 0-based), N = REDDINO_SHARD_COUNT,
/// a variable the Job sets to its <c>completions</c> (Kubernetes does not pass that count to the pod).</item>
/// </list>
/// Slurm's variables win when both are set. Values that make no shard are usage errors naming the variables.</summary>
internal static class ShardSelection
{
    public const string SlurmTaskId = "SLURM_ARRAY_TASK_ID";
    public const string SlurmTaskMin = "SLURM_ARRAY_TASK_MIN";
    public const string SlurmTaskMax = "SLURM_ARRAY_TASK_MAX";
    public const string SlurmTaskCount = "SLURM_ARRAY_TASK_COUNT";
    public const string SlurmTaskStep = "SLURM_ARRAY_TASK_STEP";
    public const string KubernetesIndex = "JOB_COMPLETION_INDEX";
    public const string KubernetesCount = "REDDINO_SHARD_COUNT";

    /// <summary>The shard, and where it came from (for the log line).</summary>
    /// <exception cref="UsageException">A malformed --shard, inconsistent task variables, or neither.</exception>
    public static (EmbeddingShard Shard, string Origin) Resolve(string? option, string outFolder, Func<string, string?> environment)
    {
        if (option is not null)
        {
            try
            {
                return (EmbeddingShard.Parse(option), "--shard");
            }
            catch (FormatException e)
            {
                throw new UsageException($"--shard: {e.Message}");
            }
        }
        // An empty variable counts as unset, as in shell tests.
        string? Variable(string name) => environment(name) is { Length: > 0 } value ? value : null;
        if (Variable(SlurmTaskId) is { } id) return Slurm(id, Variable);
        if (Variable(KubernetesIndex) is { } index) return Kubernetes(index, Variable);
        throw new UsageException($"--out '{outFolder}' names a folder (it does not end in .csv or .parquet), which receives one part of a sharded run: " +
                                 $"give --shard K/N, or run as a Slurm array task ({SlurmTaskId}) or a Kubernetes Indexed Job ({KubernetesIndex} with " +
                                 $"{KubernetesCount}); for one file, give --out FILE.parquet or FILE.csv");
    }

    private static (EmbeddingShard, string) Slurm(string id, Func<string, string?> environment)
    {
        var taskId = Number(SlurmTaskId, id, 0);
        var min = Number(SlurmTaskMin, Required(SlurmTaskMin, environment, SlurmTaskId), 0);
        var count = Number(SlurmTaskCount, Required(SlurmTaskCount, environment, SlurmTaskId), 1);
        var origin = $"{SlurmTaskId}={taskId}, {SlurmTaskMin}={min}, {SlurmTaskCount}={count}";
        if (environment(SlurmTaskStep) is { } step && Number(SlurmTaskStep, step, 1) != 1)
            throw new UsageException($"the Slurm array has step {step} ({origin}): shards need a contiguous array such as --array=0-{count - 1}");
        if (environment(SlurmTaskMax) is { } maxText && Number(SlurmTaskMax, maxText, 0) is var max && (long)max - min + 1 != count)
            throw new UsageException($"the Slurm array ids {min}..{max} are not {count} contiguous ids ({origin}, {SlurmTaskMax}={max}): " +
                                     $"shards need a contiguous array such as --array=0-{count - 1}");
        return (Shard((long)taskId - min + 1, count, origin), origin);
    }

    private static (EmbeddingShard, string) Kubernetes(string index, Func<string, string?> environment)
    {
        var k = Number(KubernetesIndex, index, 0);
        var count = Number(KubernetesCount, Required(KubernetesCount, environment, KubernetesIndex), 1);
        var origin = $"{KubernetesIndex}={k}, {KubernetesCount}={count}";
        return (Shard((long)k + 1, count, origin), origin);
    }

    private static EmbeddingShard Shard(long k, int n, string origin) =>
        k >= 1 && k <= n ? new EmbeddingShard((int)k, n)
            : throw new UsageException($"the task variables make shard {k} of {n} ({origin}), outside 1..{n}");

    private static string Required(string name, Func<string, string?> environment, string setBy) =>
        environment(name) ?? throw new UsageException($"{setBy} is set but {name} is not: cannot tell which shard this task is");

    private static int Number(string name, string text, int min) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min ? value
            : throw new UsageException($"{name} must be a whole number of at least {min}, got '{text}'");
}
