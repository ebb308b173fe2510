using RedDino.Pretraining.Eval;

namespace RedDino.Pretraining.Train;

/// <summary>
/// The rules for the run folder (--out) before a run touches it: a folder that already holds a run
/// is continued only on request (--resume) and started over only on request (--overwrite, which
/// deletes that run's own files and nothing else); a resume needs a complete checkpoint. So no run
/// is lost to a repeated command line.
/// </summary>
public static class RunFolder
{
    /// <summary>What a run writes into its folder (losses.png is the plot the CLI draws from the logs).</summary>
    public static readonly IReadOnlyList<string> RunFiles =
    [
        PretrainingRun.ConfigFileName, PretrainingRun.LossLogFileName, RetrievalLog.FileName, PretrainingRun.OnnxFileName, "losses.png",
    ];

    /// <summary>True when <paramref name="folder"/> holds (part of) a pretraining run.</summary>
    public static bool HoldsRun(string folder) =>
        RunFiles.Any(f => File.Exists(Path.Combine(folder, f))) || Directory.Exists(Path.Combine(folder, Checkpoint.Folder));

    /// <summary>Applies the rules; returns the checkpoint to resume from (null for a fresh start).</summary>
    /// <exception cref="InvalidDataException">The folder holds a run and neither --resume nor --overwrite
    /// says what to do with it, or the run to resume has no complete checkpoint.</exception>
    public static string? Prepare(string outDir, string? resumeDir, bool overwrite, Action<string>? notice)
    {
        var sameFolder = resumeDir is not null && Path.GetFullPath(resumeDir) == Path.GetFullPath(outDir);
        if (sameFolder && overwrite)
            throw new ArgumentException("--resume and --overwrite contradict each other for the same folder");
        string? checkpoint = null;
        if (resumeDir is not null)
        {
            checkpoint = Checkpoint.FindNewestComplete(resumeDir, notice)
                ?? throw new InvalidDataException(
                    $"--resume {resumeDir}: no complete checkpoint under {Path.Combine(resumeDir, Checkpoint.Folder)}; " +
                    $"start the run again with --out {outDir}{(HoldsRun(outDir) ? " --overwrite" : "")} (without --resume)");
        }
        if (!sameFolder && HoldsRun(outDir))
        {
            if (!overwrite)
                throw new InvalidDataException(
                    $"--out {outDir} already holds a pretraining run ({Describe(outDir)}); continue it with --resume {outDir} --out {outDir}, " +
                    "or start over there with --overwrite (deletes that run's checkpoints, logs and backbone.onnx)");
            DeleteRun(outDir);
            notice?.Invoke($"--overwrite: deleted the earlier run's files in {outDir}");
        }
        return checkpoint;
    }

    private static string Describe(string folder)
    {
        var newest = Checkpoint.FindNewestComplete(folder);
        var files = RunFiles.Where(f => File.Exists(Path.Combine(folder, f))).ToList();
        if (newest is not null) files.Add($"checkpoints up to {Path.GetFileName(newest)}");
        else if (Directory.Exists(Path.Combine(folder, Checkpoint.Folder))) files.Add("checkpoints/");
        return string.Join(", ", files);
    }

    private static void DeleteRun(string folder)
    {
        foreach (var file in RunFiles)
        {
            var path = Path.Combine(folder, file);
            if (File.Exists(path)) File.Delete(path);
        }
        var checkpoints = Path.Combine(folder, Checkpoint.Folder);
        if (Directory.Exists(checkpoints)) Directory.Delete(checkpoints, recursive: true);
    }
}
