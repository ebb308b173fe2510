using System.CommandLine;
using System.Globalization;
using RedDino.Cli.Infrastructure;
using RedDino.Cli.Reports;
using RedDino.Pretraining.Config;
using RedDino.Pretraining.Train;
using RedDino.Formats.IO;

namespace RedDino.Cli.Commands;

/// <summary>`reddino pretrain --config FILE.json [--set key=value ...] [--max-iterations N] [--resume DIR | --overwrite] --out DIR`:
/// DINOv2/RedDino self-supervised pretraining (src/RedDino.Pretraining). Writes DIR/config.json (the
/// merged configuration), DIR/losses.csv, DIR/retrieval.csv (the teacher's view retrieval per
/// checkpoint), DIR/losses.png (both plotted, redrawn at every checkpoint), DIR/checkpoints/ and
/// DIR/backbone.onnx. A DIR that holds a run is refused unless --resume or --overwrite says what to do
/// with it; SIGINT/SIGTERM stop it after the current iteration with a checkpoint (exit 130/143); a
/// diverging loss stops it with exit 1.</summary>
internal sealed class PretrainCommand : ICliCommand
{
    public Command Build(CliContext context)
    {
        var config = new Option<string>("--config") { Description = "Pretraining pipeline (pipelines/pretrain-*.json, \"kind\": \"pretrain\")", Required = true };
        var set = new Option<string[]>("--set") { Description = "Override one setting, e.g. --set dino.koleo_loss_weight=0.1 (repeatable)", AllowMultipleArgumentsPerToken = false };
        var maxIterations = new Option<long?>("--max-iterations") { Description = "Stop after this many iterations in total (schedules still span the configured epochs)" };
        var resume = new Option<string?>("--resume") { Description = "Continue the run in this folder from its newest complete checkpoint" };
        var overwrite = new Option<bool>("--overwrite") { Description = "Start over in an --out folder that holds an earlier run (deletes that run's checkpoints, logs and backbone.onnx)" };
        var output = new Option<string>("--out") { Description = "Output folder", Required = true };
        var command = new Command("pretrain", "Self-supervised DINOv2/RedDino pretraining of a ViT backbone (TorchSharp)") { config, set, maxIterations, resume, overwrite, output };
        command.SetAction(parse =>
        {
            NativeThreading.PreferPassiveWaiting(); // before LibTorch loads
            var max = parse.GetValue(maxIterations);
            if (max is < 0) throw new UsageException($"--max-iterations must be >= 0, got {max}");
            var outDir = parse.GetValue(output)!;
            var resumeDir = parse.GetValue(resume);
            if (parse.GetValue(overwrite) && resumeDir is not null && Path.GetFullPath(resumeDir) == Path.GetFullPath(outDir))
                throw new UsageException("--resume and --overwrite name the same folder: continue that run (--resume) or start it over (--overwrite), not both");
            var (json, typed) = PretrainConfigLoader.Load(parse.GetValue(config)!, parse.GetValue(set) ?? []);
            OutputPaths.CheckFolder(outDir, "--out");
            var progress = new PretrainProgressPrinter(context.Error, typed.Train.LogEvery);
            PretrainRunResult result;
            try
            {
                result = PretrainingRun.Run(new PretrainRunOptions(json, typed, outDir)
                {
                    MaxIterations = max,
                    ResumeDir = resumeDir,
                    Overwrite = parse.GetValue(overwrite),
                    Stop = context.Interrupts.StopOnFirstSignal(
                        "pretrain: stopping after the current iteration to write a checkpoint (a second Ctrl+C quits at once, losing the iterations since the last checkpoint)"),
                    Notice = note => context.Error.WriteLine($"pretrain: note: {note}"),
                    Progress = p =>
                    {
                        progress.Report(p);
                        if (p.CheckpointWritten is not null)
                            Plot(outDir, context.Error, quiet: true);
                    },
                });
            }
            catch (TrainingDivergedException e)
            {
                context.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.BadInput;
            }
            if (result.Interrupted)
                return Interrupted(context, result);
            context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"pretrain: iterations {result.FirstIteration}-{result.EndIteration}, checkpoint {result.Checkpoint}, losses {result.LossLog}"));
            if (result.RetrievalLog is not null)
                context.Error.WriteLine($"pretrain: view retrieval of the teacher per checkpoint in {result.RetrievalLog}");
            Plot(outDir, context.Error, quiet: false);
            if (result.Onnx is not null)
                context.Error.WriteLine($"pretrain: teacher backbone exported to {result.Onnx}");
            context.Out.WriteLine(result.OutDir);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>A stop request ended the run: where its checkpoint is and the command that continues it.</summary>
    private static int Interrupted(CliContext context, PretrainRunResult result)
    {
        Plot(result.OutDir, context.Error, quiet: true);
        if (result.Checkpoint is null)
            context.Error.WriteLine($"pretrain: interrupted by {context.Interrupts.Signal} before the first iteration; no checkpoint to resume from " +
                                    $"(start again with --overwrite --out {result.OutDir})");
        else
            context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"pretrain: interrupted by {context.Interrupts.Signal} after {result.EndIteration} iterations; checkpoint {result.Checkpoint}. " +
                $"Continue with: {ResumeCommand(context.Arguments, result.OutDir)}"));
        return context.Interrupts.ExitCode;
    }

    // The same command line with --resume OUT --out OUT in place of --resume/--overwrite/--out.
    private static string ResumeCommand(string[] arguments, string outDir)
    {
        var kept = new List<string> { "reddino" };
        for (var i = 0; i < arguments.Length; i++)
        {
            if (arguments[i] is "--resume" or "--out") { i++; continue; }
            if (arguments[i].StartsWith("--resume=", StringComparison.Ordinal) || arguments[i].StartsWith("--out=", StringComparison.Ordinal)
                || arguments[i] == "--overwrite") continue;
            kept.Add(arguments[i]);
        }
        kept.AddRange(["--resume", outDir, "--out", outDir]);
        return string.Join(' ', kept.Select(a => a.Length > 0 && a.All(c => char.IsLetterOrDigit(c) || "-_./=:,+@".Contains(c)) ? a : $"'{a.Replace("'", "'\\''")}'"));
    }

    /// <summary>Redraws losses.png; a plotting failure is a note, never the end of a training run.</summary>
    private static void Plot(string outDir, TextWriter error, bool quiet)
    {
        try
        {
            var path = PretrainPlot.Write(outDir);
            if (!quiet && path is not null)
                error.WriteLine($"pretrain: losses and view retrieval plotted in {path}");
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            error.WriteLine($"pretrain: note: could not draw {PretrainPlot.FileName}: {e.Message}");
        }
    }
}

/// <summary>One progress line every N iterations: iteration, losses, lr, images/s, ETA.</summary>
internal sealed class PretrainProgressPrinter(TextWriter error, int every)
{
    public void Report(TrainingProgress p)
    {
        var it = p.Iteration + 1;
        if (it % every != 0 && it != p.EndIteration && p.CheckpointWritten is null) return;
        var l = p.Losses;
        var line = FormattableString.Invariant(
            $"it {it}/{p.EndIteration} loss {l.Total:F4} (dino {l.DinoGlobal + l.DinoLocal:F4}, ibot {l.Ibot:F4}, koleo {l.Koleo:F4}) teacher H {l.TeacherEntropy:F3} lr {p.Lr:E2} {p.ImagesPerSecond:F1} img/s ETA {(int)p.Eta.TotalHours}:{p.Eta:mm\\:ss}");
        if (p.CheckpointWritten is not null)
            line += $" checkpoint {p.CheckpointWritten}";
        if (p.RetrievalTop1 is { } top1)
            line += FormattableString.Invariant($" view retrieval {top1:F3}");
        error.WriteLine(line);
    }
}
