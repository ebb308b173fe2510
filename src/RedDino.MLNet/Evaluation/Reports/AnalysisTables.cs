using System.Globalization;
using RedDino.Formats.Metrics;

namespace RedDino.MLNet.Evaluation;

/// <summary>The analysis in a metrics.json (schema 2) as tables with plain words under each: batch effects
/// per backbone, the per-source breakdown under leave-one-source-out, and the "is A better than B?"
/// matrices. Shared by <c>reddino eval</c> (terminal) and the bench reports (Markdown, HTML).</summary>
public static class AnalysisTables
{
    /// <summary>Significance level of the marks in the comparison matrices.</summary>
    public const double Alpha = 0.05;

    /// <summary>How to read the batch-effect metrics, in plain words.</summary>
    public const string BatchEffectsNote =
        "Source probe: a linear probe trained to tell the batches apart from the embedding; near chance = the embedding hides " +
        "the batch, well above = it carries it. Batch ASW: 1 = batches fully mixed within each class, 0 = separated. " +
        "iLISI: 0 = every neighbourhood is one batch, 1 = perfectly mixed. Graph connectivity: 1 = each class is one " +
        "connected piece of the 15-nearest-neighbour graph despite the batches. Robustness index: above 0.5 a cell's 20 " +
        "nearest neighbours share its class more often than its batch (biology dominates), below 0.5 the batch dominates.";

    /// <summary>One backbone's batch-effect metrics (rows = metrics); null when it has none.</summary>
    public static ReportTable? BatchEffects(BackboneMetrics backbone)
    {
        ArgumentNullException.ThrowIfNull(backbone);
        if (backbone.BatchEffects is not { } e) return null;
        IReadOnlyList<string>[] rows =
        [
            ["source probe, balanced accuracy (%)", Probe(e.SourceProbe)],
            ["batch ASW (0-1)", Index(e.BatchAsw)],
            ["iLISI (0-1)", Index(e.Ilisi)],
            ["graph connectivity (0-1)", Index(e.GraphConnectivity)],
            ["robustness index (0-1)", Index(e.RobustnessIndex)],
        ];
        return new ReportTable($"{backbone.Name}: batch effects over '{e.BatchColumn}' ({e.Batches} batches)", ["metric", "value"], rows)
        {
            Note = BatchEffectsNote,
        };
    }

    /// <summary>Every backbone's batch-effect metrics in one table (rows = backbones); null when none has any.</summary>
    public static ReportTable? BatchEffectsSummary(MetricsDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var with = document.Backbones.Where(b => b.BatchEffects is not null).ToArray();
        if (with.Length == 0) return null;
        var rows = with.Select(b => (IReadOnlyList<string>)[b.Name, Probe(b.BatchEffects!.SourceProbe), Index(b.BatchEffects.BatchAsw),
            Index(b.BatchEffects.Ilisi), Index(b.BatchEffects.GraphConnectivity), Index(b.BatchEffects.RobustnessIndex)]).ToList();
        var first = with[0].BatchEffects!;
        return new ReportTable($"Batch effects over '{first.BatchColumn}' ({first.Batches} batches)",
            ["backbone", "source probe % (chance)", "batch ASW", "iLISI", "graph conn.", "robustness"], rows) { Note = BatchEffectsNote };
    }

    /// <summary>Under leave-one-group-out, every metric of every split (= held-out group) and classifier of one
    /// backbone; null under k-fold.</summary>
    public static ReportTable? PerSource(MetricsDocument document, BackboneMetrics backbone)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(backbone);
        if (document.Protocol != "loso") return null;
        var group = document.GroupColumn ?? EvaluationDefaults.GroupColumn;
        var rows = backbone.Classifiers
            .SelectMany(c => c.Splits.Select(s => (c.Name, Split: s)))
            .OrderBy(p => p.Split.Split)
            .Select(p => (IReadOnlyList<string>)[p.Split.TestGroup ?? $"split {p.Split.Split}", ResultsTable.Heading(p.Name),
                p.Split.TestCount.ToString(CultureInfo.InvariantCulture),
                Percent(p.Split.Metrics.Accuracy), Percent(p.Split.Metrics.BalancedAccuracy), Percent(p.Split.Metrics.WeightedF1)]).ToList();
        return new ReportTable($"{backbone.Name}: per held-out {group} (%)",
            [$"held-out {group}", "classifier", "n", "accuracy", "balanced acc.", "weighted F1"], rows, TextColumns: 2)
        {
            Note = $"Each row is one split: the classifier was fitted on every other {group} and tested on this one (n cells). " +
                   $"A {group} far below the others is one the embedding does not transfer to; the spread between them is the batch effect on the task itself.",
        };
    }

    /// <summary>"Is A better than B?" for one classifier and metric: a matrix of row-minus-column differences with
    /// the corrected resampled t-test p and McNemar's p; null with fewer than two backbones compared.</summary>
    public static ReportTable? Comparison(MetricsDocument document, string classifier, HeadlineMetric metric)
    {
        ArgumentNullException.ThrowIfNull(document);
        var comparisons = document.ComparisonsOf(classifier);
        var names = document.Backbones.Select(b => b.Name).Where(n => comparisons.Any(c => c.Involves(n))).ToList();
        if (names.Count < 2) return null;
        var marked = new HashSet<(int, int)>();
        var rows = names.Select((row, i) => (IReadOnlyList<string>)[row, .. names.Select((column, j) =>
        {
            if (i == j) return "-";
            var (comparison, sign) = comparisons.FirstOrDefault(c => c.A == row && c.B == column) is { } forward ? (forward, 1.0)
                : comparisons.FirstOrDefault(c => c.A == column && c.B == row) is { } backward ? (backward, -1.0) : (null, 0);
            if (comparison is null) return "n/a";
            var test = comparison.Get(metric);
            if (test.P < Alpha) marked.Add((i, j + 1));
            return Difference(test, sign, comparison.McNemar);
        })]).ToList();
        var metricName = metric switch
        {
            HeadlineMetric.WeightedF1 => "weighted F1",
            HeadlineMetric.Accuracy => "accuracy",
            _ => "balanced accuracy",
        };
        return new ReportTable($"{ResultsTable.Heading(classifier)}: {metricName}, row minus column (percentage points)",
            ["", .. names], rows)
        {
            Note = $"Cell = row minus column: the mean over the splits of the difference in {metricName}, in percentage points " +
                   "(positive: the row's backbone scores higher). p = corrected resampled t-test on the per-split differences " +
                   "(Nadeau & Bengio: it allows for the training sets the splits share); McNemar p = exact test on which cells each " +
                   $"backbone gets right, pooled out of fold. * t-test p < {Alpha}; † McNemar p < {Alpha}.",
            Marked = marked,
        };
    }

    /// <summary>The number of comparisons per metric and the false alarms to expect from it.</summary>
    public static string ComparisonCountNote(MetricsDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var count = document.Comparisons.Count;
        var classifiers = document.Comparisons.Select(c => c.Classifier).Distinct().Count();
        return string.Create(CultureInfo.InvariantCulture,
            $"{count} comparison(s) per metric ({count / Math.Max(classifiers, 1)} pair(s) of backbones x {classifiers} classifier(s)): at p < {Alpha}, " +
            $"expect about {Alpha} x {count} = {Alpha * count:0.##} false alarms even when no backbone is really better, so read a lone * with care.");
    }

    private static string Difference(PairedDifference test, double sign, McNemarResult mcnemar)
    {
        var difference = test.MeanDifference is { } d ? string.Create(CultureInfo.InvariantCulture, $"{100 * sign * d:+0.0;-0.0;0.0}") : "n/a";
        var marks = (test.P < Alpha ? "*" : "") + (mcnemar.P < Alpha ? "†" : "");
        return $"{difference} (p {P(test.P)}, McNemar p {P(mcnemar.P)}){(marks.Length > 0 ? " " + marks : "")}";
    }

    private static string P(double? p) => p switch
    {
        null => "n/a",
        < 0.001 => "<0.001",
        { } value => value.ToString("F3", CultureInfo.InvariantCulture),
    };

    private static string Probe(SourceProbeResult probe) => probe.BalancedAccuracy is { } value
        ? string.Create(CultureInfo.InvariantCulture, $"{100 * value:F1} (chance {100 * probe.Chance:F1})")
        : "n/a";

    private static string Index(double? value) => value is { } v ? v.ToString("F3", CultureInfo.InvariantCulture) : "n/a";

    private static string Percent(double? value) => value is { } v ? (100 * v).ToString("F1", CultureInfo.InvariantCulture) : "n/a";
}
