using System.Globalization;
using RedDino.Formats.IO;
using RedDino.Cli.Plots;
using RedDino.Pretraining.Eval;
using RedDino.Pretraining.Train;

namespace RedDino.Cli.Reports;

/// <summary>`losses.png` in a pretraining run folder: the loss terms of losses.csv per iteration
/// (left axis) and the teacher's view-retrieval top-1 of retrieval.csv with its chance level (right
/// axis, from 0 to a little above its best value), so a run shows without labels whether training
/// helps. Redrawn at every checkpoint and at the end of `reddino pretrain`.</summary>
internal static class PretrainPlot
{
    public const string FileName = "losses.png";

    private static readonly (string Column, string Title)[] Terms =
    [
        ("total_loss", "total"), ("dino_global_loss", "DINO global"), ("dino_local_loss", "DINO local"),
        ("ibot_loss", "iBOT"), ("koleo_loss", "KoLeo"),
    ];

    /// <summary>Writes runDir/losses.png (atomically); returns its path, or null when losses.csv has no rows.</summary>
    public static string? Write(string runDir)
    {
        var losses = ReadColumns(Path.Combine(runDir, PretrainingRun.LossLogFileName));
        if (losses.Iterations.Count == 0) return null;
        var retrievalPath = Path.Combine(runDir, RetrievalLog.FileName);
        var retrieval = File.Exists(retrievalPath) ? RetrievalLog.Read(retrievalPath) : [];
        var path = Path.Combine(runDir, FileName);
        AtomicFile.WriteAllBytes(path, PlotImages.Png(Model(losses, retrieval), 1100, 600));
        return path;
    }

    internal static LineChart Model((List<long> Iterations, Dictionary<string, List<double>> Columns) losses,
        IReadOnlyList<(long Iteration, double Top1, double Chance)> retrieval)
    {
        var iterations = losses.Iterations.Select(i => (double)i).ToArray();
        var series = new List<LineSeries>();
        var colour = 0;
        foreach (var (column, title) in Terms)
        {
            if (!losses.Columns.TryGetValue(column, out var values) || values.All(v => v == 0)) continue;
            series.Add(new LineSeries(title, PlotPalette.Color(colour++), iterations, values.ToArray()) { Width = column == "total_loss" ? 1.5f : 1 });
        }
        if (retrieval.Count > 0)
        {
            var at = retrieval.Select(r => (double)r.Iteration).ToArray();
            series.Add(new LineSeries("view retrieval top-1 (teacher, held-out images)", PlotColor.Black, at, retrieval.Select(r => r.Top1).ToArray())
                { Width = 2, MarkerSize = 8, RightAxis = true });
            series.Add(new LineSeries("chance", PlotColor.Grey, at, retrieval.Select(r => r.Chance).ToArray()) { Dashed = true, RightAxis = true });
        }
        // Retrieval scale: from 0 to a little above the best value (early values sit far below 1).
        var top = retrieval.Count == 0 ? 1 : Math.Min(1, Math.Max(0.05, 1.25 * retrieval.Max(r => Math.Max(r.Top1, r.Chance))));
        return new LineChart("Pretraining: loss terms and the teacher's view retrieval", "iteration", "loss (as added to the total)", series)
        {
            RightTitle = "view retrieval top-1", RightRange = (0, top),
        };
    }

    /// <summary>The columns of losses.csv by header name (iteration separately); a row that does not
    /// parse is an error naming the file and row.</summary>
    internal static (List<long> Iterations, Dictionary<string, List<double>> Columns) ReadColumns(string path)
    {
        var iterations = new List<long>();
        var columns = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        using var reader = new StreamReader(path);
        var header = reader.ReadLine()?.Split(',') ?? throw new InvalidDataException($"{path}: empty file");
        var wanted = Terms.Select(t => Array.IndexOf(header, t.Column)).ToArray();
        foreach (var (column, _) in Terms) columns[column] = [];
        var row = 0;
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            row++;
            if (line.Length == 0) continue;
            var fields = line.Split(',');
            if (!long.TryParse(fields[0], CultureInfo.InvariantCulture, out var iteration))
                throw new InvalidDataException($"{path}: row {row}: iteration '{fields[0]}' is not a number");
            iterations.Add(iteration);
            for (var t = 0; t < Terms.Length; t++)
            {
                var value = wanted[t] >= 0 && wanted[t] < fields.Length && double.TryParse(fields[wanted[t]], CultureInfo.InvariantCulture, out var v) ? v : double.NaN;
                columns[Terms[t].Column].Add(value);
            }
        }
        return (iterations, columns);
    }
}
