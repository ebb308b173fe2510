using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace RedDino.Cli.Infrastructure;

/// <summary>One step of a long job: how much is done of how much, and optionally a short note
/// (e.g. "12 from cache").</summary>
internal readonly record struct ProgressUpdate(double Done, double Total, string? Note = null);

/// <summary>A progress bar on stderr (Spectre.Console): description, bar, done/total, rate in
/// <c>unit</c>/s and time left. Shown only when stderr is a terminal (<see cref="CliContext.ShowProgress"/>);
/// otherwise the work runs without one. Any command may use it:
/// <code>var result = ProgressBar.Run(context, "embedding", "images", progress => Work(progress));</code>
/// where the work reports <see cref="ProgressUpdate"/>s through the given <see cref="IProgress{T}"/>
/// (from any thread).</summary>
internal static class ProgressBar
{
    public static T Run<T>(CliContext context, string description, string unit, Func<IProgress<ProgressUpdate>, T> work)
    {
        if (!context.ShowProgress)
            return work(new Sink(null, description));
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(
                new TaskDescriptionColumn(),
                new ProgressBarColumn(),
                new PercentageColumn(),
                new CountColumn(),
                new RateColumn(unit),
                new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(description), autoStart: true, maxValue: 1);
                var result = work(new Sink(task, description));
                if (task.MaxValue > 0) task.Value = task.MaxValue;
                task.StopTask();
                return result;
            });
    }

    private sealed class Sink(ProgressTask? task, string description) : IProgress<ProgressUpdate>
    {
        public void Report(ProgressUpdate value)
        {
            if (task is null) return;
            task.MaxValue = Math.Max(value.Total, 1e-9);
            task.Value = Math.Min(value.Done, task.MaxValue);
            task.Description = Markup.Escape(value.Note is null ? description : $"{description} ({value.Note})");
        }
    }

    private sealed class CountColumn : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text(string.Create(CultureInfo.InvariantCulture, $"{task.Value:0}/{task.MaxValue:0}"));
    }

    private sealed class RateColumn(string unit) : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text(task.Speed is { } speed ? string.Create(CultureInfo.InvariantCulture, $"{speed:0.0} {unit}/s") : $"- {unit}/s");
    }
}
