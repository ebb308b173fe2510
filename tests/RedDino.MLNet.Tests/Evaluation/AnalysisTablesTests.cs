using RedDino.Formats.Metrics;
using RedDino.MLNet.Evaluation;

namespace RedDino.MLNet.Tests.Evaluation;

/// <summary>The analysis tables on a hand-made metrics.json whose cells are known: the comparison matrix is
/// row minus column (the reversed pair negated), marks p &lt; 0.05, and states the number of comparisons; batch
/// effects and the per-source breakdown show every value.</summary>
[TestClass]
public sealed class AnalysisTablesTests
{
    private static MetricsDocument Document()
    {
        var split = ClassificationMetrics.FromConfusion([[3, 1], [0, 4]], ["x", "y"]);
        var classifier = ClassifierMetrics.FromSplits("knn_1", [new SplitMetrics(0, "siteA", 10, 8, split), new SplitMetrics(1, "siteB", 8, 10, split)]);
        var effects = new BatchEffects("source", 2, new SourceProbeResult(0.9125, 0.5, 2), 0.812, 0.05, null, 0.3333);
        BackboneComparison Compare(string a, string b, double d, double p, double mcnemar) => new("knn_1", a, b, new McNemarResult(5, 1, mcnemar),
            new PairedDifference(d, 3, p / 10), new PairedDifference(d / 2, null, null), new PairedDifference(d, 1, p));
        return new MetricsDocument("loso", null, "source", ["x", "y"],
        [
            new BackboneMetrics("a", "", 4, [classifier]) { BatchEffects = effects },
            new BackboneMetrics("b", "", 4, [classifier]),
            new BackboneMetrics("c", "", 4, [classifier]),
        ])
        {
            Comparisons = [Compare("a", "b", 0.032, 0.2, 0.01), Compare("a", "c", -0.1, 0.3, 0.5), Compare("b", "c", 0.0004, 0.0004, 1)],
        };
    }

    [TestMethod]
    public void ComparisonMatrixIsRowMinusColumnWithMarks()
    {
        var table = AnalysisTables.Comparison(Document(), "knn_1", HeadlineMetric.WeightedF1)!;
        CollectionAssert.AreEqual(new[] { "", "a", "b", "c" }, table.Header.ToArray());
        Assert.AreEqual("+3.2 (p 0.200, McNemar p 0.010) †", table.Rows[0][2]);
        Assert.AreEqual("-3.2 (p 0.200, McNemar p 0.010) †", table.Rows[1][1], "the reversed pair is negated, p unchanged");
        Assert.AreEqual("+10.0 (p 0.300, McNemar p 0.500)", table.Rows[2][1]);
        Assert.AreEqual("0.0 (p <0.001, McNemar p 1.000) *", table.Rows[1][3], "a difference that rounds to 0 has no sign");
        Assert.AreEqual("-", table.Rows[2][3]);
        CollectionAssert.AreEquivalent(new[] { (1, 3), (2, 2) }, table.Marked.ToArray(), "p < 0.05 on the metric's own t-test");
        StringAssert.Contains(table.Title, "1-NN: weighted F1, row minus column");
        Assert.AreEqual("+1.6 (p n/a, McNemar p 0.010) †", AnalysisTables.Comparison(Document(), "knn_1", HeadlineMetric.BalancedAccuracy)!.Rows[0][2]);
        Assert.IsNull(AnalysisTables.Comparison(Document(), "linear_probe", HeadlineMetric.WeightedF1));
        StringAssert.StartsWith(AnalysisTables.ComparisonCountNote(Document()), "3 comparison(s) per metric (3 pair(s) of backbones x 1 classifier(s)): at p < 0.05, expect about 0.05 x 3 = 0.15 false alarms");
    }

    [TestMethod]
    public void BatchEffectsAndPerSourceTablesShowEveryValue()
    {
        var document = Document();
        var table = AnalysisTables.BatchEffects(document.Backbones[0])!;
        CollectionAssert.AreEqual(new[] { "91.2 (chance 50.0)", "0.812", "0.050", "n/a", "0.333" }, table.Rows.Select(r => r[1]).ToArray());
        StringAssert.Contains(table.Note, "iLISI: 0 = every neighbourhood is one batch, 1 = perfectly mixed");
        Assert.IsNull(AnalysisTables.BatchEffects(document.Backbones[1]));
        Assert.HasCount(1, AnalysisTables.BatchEffectsSummary(document)!.Rows);

        var perSource = AnalysisTables.PerSource(document, document.Backbones[0])!;
        CollectionAssert.AreEqual(new[] { "siteA", "1-NN", "8", "87.5", "87.5", "87.3" }, perSource.Rows[0].ToArray());
        Assert.AreEqual("siteB", perSource.Rows[1][0]);
        Assert.IsNull(AnalysisTables.PerSource(document with { Protocol = "kfold", Folds = 2, GroupColumn = null }, document.Backbones[0]));
    }

    [TestMethod]
    public void MainTableCellsCarryTheIntervalWhenThereIsOne()
    {
        Assert.AreEqual("88.1±4.9 [85.0, 91.2]", ResultsTable.Cell(0.881, 0.049, new ConfidenceInterval(0.85, 0.912)));
        var document = Document();
        var withInterval = document with
        {
            Backbones = [document.Backbones[0] with { Classifiers = [document.Backbones[0].Classifiers[0] with { Intervals = new MetricIntervals(null, null, new ConfidenceInterval(0.8, 0.95)) }] }],
        };
        StringAssert.Contains(ResultsTable.Markdown(withInterval, ResultsTableLayout.BackboneRows), "| a | 87.3±0.0 [80.0, 95.0] |");
    }
}
