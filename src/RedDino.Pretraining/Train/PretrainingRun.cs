using System.Diagnostics;
using System.Text.Json.Nodes;
using RedDino.Pretraining.Config;
using RedDino.Pretraining.Data;
using RedDino.Pretraining.Data.Augment;
using RedDino.Pretraining.Data.Sources;
using RedDino.Pretraining.Eval;
using TorchSharp;
using static TorchSharp.torch;

namespace RedDino.Pretraining.Train;

/// <summary>What to run: the merged configuration, where to write, an optional iteration cap and
/// an optional run folder to resume from.</summary>
/// <param name="configJson">The merged configuration as JSON (written beside the outputs).</param>
/// <param name="config">The same, typed.</param>
/// <param name="outDir">The run folder.</param>
public sealed class PretrainRunOptions(JsonObject configJson, PretrainConfig config, string outDir)
{
    /// <summary>The merged configuration as JSON (written beside the outputs).</summary>
    public readonly JsonObject ConfigJson = configJson;

    /// <summary>The same, typed.</summary>
    public readonly PretrainConfig Config = config;

    /// <summary>The run folder.</summary>
    public readonly string OutDir = outDir;

    /// <summary>Stop after this iteration count (the schedules still span the configured epochs).</summary>
    public long? MaxIterations;

    /// <summary>A run folder whose latest checkpoint to continue from.</summary>
    public string? ResumeDir;

    /// <summary>Called after every iteration.</summary>
    public Action<TrainingProgress>? Progress;

    /// <summary>Exports the teacher backbone to OutDir/backbone.onnx at the end.</summary>
    public bool ExportOnnx = true;

    /// <summary>Checkpoints to keep (the newest ones).</summary>
    public int KeepCheckpoints = 2;
}

/// <summary>The result: where things are and how far the run got.</summary>
/// <param name="RetrievalLog">retrieval.csv, or null when eval.retrieval_images is 0.</param>
public sealed record PretrainRunResult(string OutDir, long FirstIteration, long EndIteration, string? Checkpoint, string LossLog, string? Onnx,
    string? RetrievalLog = null);

/// <summary>The training loop (DINOv2 train/train.py do_train): per iteration set lr/wd from the
/// schedules, forward and backward, stop on a non-finite loss, clip, AdamW step, EMA teacher
/// update, log, and checkpoint periodically and at the end; the view-retrieval signal of the teacher
/// at the start and after every checkpoint (retrieval.csv).</summary>
public static class PretrainingRun
{
    public const string ConfigFileName = "config.json";
    public const string LossLogFileName = "losses.csv";
    public const string OnnxFileName = "backbone.onnx";

    public static PretrainRunResult Run(PretrainRunOptions options, CancellationToken cancellation = default)
    {
        var config = options.Config;
        var outDir = Path.GetFullPath(options.OutDir);
        Directory.CreateDirectory(outDir);
        string? resumeFrom = null;
        if (options.ResumeDir is not null)
        {
            resumeFrom = Checkpoint.FindLatest(options.ResumeDir)
                ?? throw new FileNotFoundException($"--resume {options.ResumeDir}: no checkpoint found under {Path.Combine(options.ResumeDir, Checkpoint.Folder)}");
            ResumeCheck.SameConfiguration(options.ResumeDir, options.ConfigJson);
        }
        PretrainConfigLoader.WriteMerged(options.ConfigJson, Path.Combine(outDir, ConfigFileName));

        if (config.Train.TorchThreads > 0)
            torch.set_num_threads(config.Train.TorchThreads);
        using var parts = new TrainingParts(config);
        var (meta, optimizer, schedules) = (parts.Meta, parts.Optimizer, parts.Schedules);

        long start = 0;
        if (resumeFrom is not null)
            start = Checkpoint.Load(resumeFrom, meta, optimizer, config.Train.Seed);
        var end = Math.Min(config.TotalIterations, options.MaxIterations ?? long.MaxValue);
        if (options.ResumeDir is not null && Path.GetFullPath(options.ResumeDir) != outDir)
            CopyLossLog(options.ResumeDir, outDir);

        string? lastCheckpoint = resumeFrom;
        var step = parts.Step;
        using var log = new LossLog(Path.Combine(outDir, LossLogFileName), start);
        var retrieval = parts.Retrieval is null ? null : new RetrievalLog(Path.Combine(outDir, RetrievalLog.FileName), start);
        double? Measure(long iteration)
        {
            if (retrieval is null) return null;
            var score = parts.Retrieval!.Evaluate(parts.Teacher.Backbone);
            retrieval.Append(iteration, score);
            return score.Top1;
        }
        if (retrieval is not null && !retrieval.Has(start))
            Measure(start); // the starting point: initial weights, or a checkpoint from before the signal existed
        using (var loader = parts.Loader(start, end))
        {
            var clock = Stopwatch.StartNew();
            for (var it = start; it < end; it++)
            {
                cancellation.ThrowIfCancellationRequested();
                var stepClock = Stopwatch.StartNew();
                StepLosses losses;
                using (var batch = loader.Next())
                    losses = step.Run(batch, it, lastCheckpoint);
                var seconds = stepClock.Elapsed.TotalSeconds;
                var imagesPerSecond = config.Train.BatchSize / Math.Max(seconds, 1e-9);
                log.Append(it, losses, schedules.Lr[it], schedules.WeightDecay[it], schedules.Momentum[it], schedules.TeacherTemp[it], seconds, imagesPerSecond);

                string? written = null;
                double? retrievalTop1 = null;
                var every = config.Train.CheckpointEvery;
                if (every > 0 && (it + 1) % every == 0 && it + 1 < end)
                {
                    written = lastCheckpoint = Checkpoint.Save(outDir, it + 1, config.Train.Seed, meta, optimizer, options.KeepCheckpoints);
                    retrievalTop1 = Measure(it + 1);
                }
                var done = it + 1 - start;
                var eta = TimeSpan.FromSeconds(clock.Elapsed.TotalSeconds / done * (end - it - 1));
                options.Progress?.Invoke(new TrainingProgress(it, end, losses, schedules.Lr[it],
                    config.Train.BatchSize * done / Math.Max(clock.Elapsed.TotalSeconds, 1e-9), eta, written, retrievalTop1));
            }
        }
        if (end > start || lastCheckpoint is null)
        {
            lastCheckpoint = Checkpoint.Save(outDir, end, config.Train.Seed, meta, optimizer, options.KeepCheckpoints);
            if (retrieval is not null && !retrieval.Has(end))
                Measure(end);
        }
        string? onnx = null;
        if (options.ExportOnnx)
        {
            onnx = Path.Combine(outDir, OnnxFileName);
            TeacherExport.Export(parts.Teacher, config, lastCheckpoint, onnx);
        }
        return new PretrainRunResult(outDir, start, end, lastCheckpoint, log.Path, onnx, retrieval?.Path);
    }

    private static void CopyLossLog(string fromDir, string toDir)
    {
        foreach (var name in new[] { LossLogFileName, RetrievalLog.FileName })
        {
            var source = Path.Combine(fromDir, name);
            var target = Path.Combine(toDir, name);
            if (File.Exists(source) && !File.Exists(target))
                File.Copy(source, target);
        }
    }
}
