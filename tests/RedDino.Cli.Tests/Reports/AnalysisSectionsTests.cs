using RedDino.Cli.Reports;
using RedDino.Formats.Metrics;

namespace RedDino.Cli.Tests.Reports;

/// <summary>The report sections of the analysis: under leave-one-source-out a per-source breakdown of every
/// metric, batch-effect tables with their plain words, comparison matrices (all three metrics in Markdown,
/// weighted F1 in HTML with significant cells highlighted), and a schema-1 file without analysis.</summary>
[TestClass]
public sealed class AnalysisSectionsTests
{
    private static MetricsDocument Loso()
    {
        var split = ClassificationMetrics.FromConfusion([[3, 1], [0, 4]], ["x", "y"]);
        var classifier = ClassifierMetrics.FromSplits("knn_20", [new SplitMetrics(0, "siteA", 10, 8, split), new SplitMetrics(1, "siteB", 8, 10, split)]);
        var effects = new BatchEffects("source", 2, new SourceProbeResult(0.9125, 0.5, 2), 0.812, 0.05, 1.0, 0.3333);
        var comparison = new BackboneComparison("knn_20", "reddino", "resnet", new McNemarResult(9, 1, 0.0215),
            new PairedDifference(0.05, 2, 0.2), new PairedDifference(0.01, 1, 0.4), new PairedDifference(0.062, 9.5, 0.012));
        return new MetricsDocument("loso", null, "source", ["x", "y"],
            [new BackboneMetrics("reddino", "", 4, [classifier]) { BatchEffects = effects }, new BackboneMetrics("resnet", "", 4, [classifier]) { BatchEffects = effects }])
        {
            Comparisons = [comparison],
        };
    }

    [TestMethod]
    public void MarkdownHasBatchEffectsPerBackbonePerSourceBreakdownAndEveryMetricsMatrix()
    {
        var md = MarkdownReport.Render(Loso(), new ReportContext("Bench: loso"));
        StringAssert.Contains(md, "### reddino: batch effects over 'source' (2 batches)");
        StringAssert.Contains(md, "| iLISI (0-1) | 0.050 |");
        StringAssert.Contains(md, "iLISI: 0 = every neighbourhood is one batch, 1 = perfectly mixed");
        StringAssert.Contains(md, "### resnet: per held-out source (%)");
        StringAssert.Contains(md, "| siteB | 20-NN | 10 | 87.5 | 87.5 | 87.3 |");
        StringAssert.Contains(md, "fitted on every other source and tested on this one");
        StringAssert.Contains(md, "| reddino | - | +6.2 (p 0.012, McNemar p 0.021) *† |");
        StringAssert.Contains(md, "| resnet | -1.0 (p 0.400, McNemar p 0.021) † | - |");
        StringAssert.Contains(md, "1 comparison(s) per metric (1 pair(s) of backbones x 1 classifier(s))");
        Assert.IsLessThan(md.IndexOf("## Is A better than B?", StringComparison.Ordinal), md.IndexOf("## Batch effects", StringComparison.Ordinal));
    }

    [TestMethod]
    public void HtmlHighlightsSignificantWeightedF1Cells()
    {
        var html = HtmlReport.Render(Loso(), new ReportContext("Bench: loso"), []);
        StringAssert.Contains(html, "<td class=\"num sig\">+6.2 (p 0.012, McNemar p 0.021) *†</td>");
        StringAssert.Contains(html, "<h3>reddino: per held-out source (%)</h3>");
        StringAssert.Contains(html, "<p class=\"note\">Source probe:");
        Assert.DoesNotContain("accuracy, row minus column", html);
    }

    [TestMethod]
    public void WithoutAnalysisTheSectionsSaySo()
    {
        var document = Loso() with { Protocol = "kfold", Folds = 2, GroupColumn = null, Comparisons = [] };
        document = document with { Backbones = document.Backbones.Select(b => b with { BatchEffects = null }).ToArray() };
        var md = MarkdownReport.Render(document, new ReportContext("Bench: schema 1"));
        StringAssert.Contains(md, "No batch-effect metrics: the data has no batch column");
        StringAssert.Contains(md, "No paired comparisons in this metrics.json");
        Assert.DoesNotContain("per held-out", md);
    }
}
