using RedDino.Cli.Infrastructure;
using RedDino.MLNet.Evaluation;

namespace RedDino.Cli.Commands;

/// <summary>One self-overwriting stderr line "[done/total] classifier split s" while `eval` runs;
/// silent unless stderr is a terminal (contract: progress only on a terminal).</summary>
internal sealed class EvalProgressLine(CliContext context) : IProgress<EvaluationProgress>, IDisposable
{
    private bool _written;

    public void Report(EvaluationProgress value)
    {
        if (!context.ShowProgress) return;
        context.Error.Write($"\r[{value.Done}/{value.Total}] {value.Classifier} split {value.Split}".PadRight(50));
        _written = true;
    }

    public void Dispose()
    {
        if (_written) context.Error.WriteLine();
    }
}
