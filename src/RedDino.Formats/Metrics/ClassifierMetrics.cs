namespace RedDino.Formats.Metrics;

/// <summary>One classifier of one backbone over every split: metrics.json's
/// <c>backbones.&lt;name&gt;.classifiers.&lt;classifier&gt;</c>.</summary>
/// <param name="Name">Classifier name (linear_probe, knn_1, ...).</param>
/// <param name="Splits">Per-split results in split order.</param>
/// <param name="Mean">Mean over splits of the headline metrics.</param>
/// <param name="StandardDeviation">Sample standard deviation over splits (n - 1); nulls with one split.</param>
public sealed record ClassifierMetrics(string Name, IReadOnlyList<SplitMetrics> Splits, SummaryMetrics Mean, SummaryMetrics StandardDeviation)
{
    /// <summary>The entry of <paramref name="splits"/> with their mean and standard deviation.</summary>
    public static ClassifierMetrics FromSplits(string name, IReadOnlyList<SplitMetrics> splits)
    {
        var summaries = splits.Select(s => s.Metrics.Summary).ToArray();
        return new ClassifierMetrics(name, splits, SummaryMetrics.Mean(summaries), SummaryMetrics.StandardDeviation(summaries));
    }

    /// <summary>Confusion counts summed over the splits, [true, predicted] over <paramref name="classes"/> classes.</summary>
    public int[,] TotalConfusion(int classes)
    {
        var total = new int[classes, classes];
        foreach (var split in Splits)
        {
            var confusion = split.Metrics.Confusion;
            for (var i = 0; i < Math.Min(classes, confusion.Count); i++)
                for (var j = 0; j < Math.Min(classes, confusion[i].Count); j++)
                    total[i, j] += confusion[i][j];
        }
        return total;
    }

    /// <summary>A class's F1 averaged over the splits where it is defined; null when it never is.</summary>
    public double? MeanF1(string className)
    {
        var values = Splits.SelectMany(s => s.Metrics.PerClass).Where(p => p.Class == className && p.F1 is not null).Select(p => p.F1!.Value).ToList();
        return values.Count == 0 ? null : values.Average();
    }
}
