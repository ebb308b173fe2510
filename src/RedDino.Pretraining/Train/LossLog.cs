using System.Globalization;
using RedDino.Formats.IO;

namespace RedDino.Pretraining.Train;

/// <summary>`losses.csv` beside the outputs: one row per iteration with the loss terms (as added
/// to the total), the schedule values, the diagnostics and the speed. On resume the rows from the
/// resumed iteration on are dropped first (the shortened file replaces the old one atomically, so a
/// run killed at that moment loses no row), so the file always reads as one uninterrupted run.</summary>
public sealed class LossLog : IDisposable
{
    public const string Header =
        "iteration,total_loss,dino_global_loss,dino_local_loss,ibot_loss,koleo_loss,lr,weight_decay,momentum,teacher_temp," +
        "teacher_entropy,teacher_marginal_entropy,student_cls_std,masked_patches,seconds,images_per_second";

    private readonly StreamWriter writer;

    public LossLog(string path, long firstIteration)
    {
        Path = path;
        var kept = new List<string>();
        if (File.Exists(path))
            kept.AddRange(File.ReadLines(path).Skip(1).Where(line => long.TryParse(line.Split(',')[0], CultureInfo.InvariantCulture, out var it) && it < firstIteration));
        AtomicFile.WriteAllText(path, Header + "\n" + string.Concat(kept.Select(line => line + "\n")));
        writer = new StreamWriter(path, append: true, AtomicFile.Utf8);
    }

    public string Path { get; }

    public void Append(long iteration, StepLosses l, double lr, double wd, double momentum, double teacherTemp, double seconds, double imagesPerSecond)
    {
        var values = new object[]
        {
            iteration, l.Total, l.DinoGlobal, l.DinoLocal, l.Ibot, l.Koleo, lr, wd, momentum, teacherTemp,
            l.TeacherEntropy, l.TeacherMarginalEntropy, l.StudentClsStd, l.MaskedPatches, seconds, imagesPerSecond,
        };
        writer.WriteLine(string.Join(',', values.Select(v => v switch
        {
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => v.ToString(),
        })));
        writer.Flush();
    }

    /// <summary>The total loss of each logged iteration (for tests and reports).</summary>
    public static IReadOnlyDictionary<long, double[]> Read(string path) =>
        File.ReadLines(path).Skip(1).Select(line => line.Split(','))
            .ToDictionary(f => long.Parse(f[0], CultureInfo.InvariantCulture),
                f => f.Skip(1).Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray());

    public void Dispose() => writer.Dispose();
}
