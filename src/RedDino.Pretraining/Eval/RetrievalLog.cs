using System.Globalization;
using RedDino.Formats.IO;

namespace RedDino.Pretraining.Eval;

/// <summary>`retrieval.csv` beside losses.csv: one row per measurement of the view-retrieval signal,
/// `iteration` = iterations completed when it was taken (0 = the initial weights, else the
/// checkpoint's iteration), then top-1 accuracy, chance level, held-out images and seconds. On
/// resume the rows after the resumed checkpoint are dropped, so the file reads as one run.</summary>
public sealed class RetrievalLog
{
    public const string FileName = "retrieval.csv";
    public const string Header = "iteration,view_retrieval_top1,chance,images,seconds";

    private readonly List<(long Iteration, string Line)> rows = [];

    /// <summary>Opens (or starts) the log of a run continuing from <paramref name="firstIteration"/>.</summary>
    public RetrievalLog(string path, long firstIteration)
    {
        Path = path;
        if (File.Exists(path))
            foreach (var line in File.ReadLines(path).Skip(1))
                if (long.TryParse(line.Split(',')[0], CultureInfo.InvariantCulture, out var it) && it <= firstIteration)
                    rows.Add((it, line));
        Write();
    }

    public string Path { get; }

    public bool Has(long iteration) => rows.Any(r => r.Iteration == iteration);

    /// <summary>Adds (or replaces) the row of <paramref name="iteration"/> and rewrites the file atomically.</summary>
    public void Append(long iteration, RetrievalScore score)
    {
        rows.RemoveAll(r => r.Iteration == iteration);
        rows.Add((iteration, string.Join(',',
            iteration.ToString(CultureInfo.InvariantCulture), score.Top1.ToString("R", CultureInfo.InvariantCulture),
            score.Chance.ToString("R", CultureInfo.InvariantCulture), score.Images.ToString(CultureInfo.InvariantCulture),
            score.Seconds.ToString("F3", CultureInfo.InvariantCulture))));
        Write();
    }

    /// <summary>(iteration, top-1, chance) of every row of a retrieval.csv, in file order.</summary>
    public static IReadOnlyList<(long Iteration, double Top1, double Chance)> Read(string path) =>
        File.ReadLines(path).Skip(1).Where(l => l.Length > 0).Select((line, i) =>
        {
            var f = line.Split(',');
            if (f.Length < 3
                || !long.TryParse(f[0], CultureInfo.InvariantCulture, out var it)
                || !double.TryParse(f[1], CultureInfo.InvariantCulture, out var top1)
                || !double.TryParse(f[2], CultureInfo.InvariantCulture, out var chance))
                throw new InvalidDataException($"{path}: row {i + 1} is not 'iteration,top1,chance,...'");
            return (it, top1, chance);
        }).ToList();

    private void Write()
    {
        rows.Sort((a, b) => a.Iteration.CompareTo(b.Iteration));
        AtomicFile.WriteAllText(Path, Header + "\n" + string.Concat(rows.Select(r => r.Line + "\n")));
    }
}
