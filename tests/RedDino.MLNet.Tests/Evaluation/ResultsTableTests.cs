using RedDino.Formats.Metrics;
using RedDino.MLNet.Evaluation;

namespace RedDino.MLNet.Tests.Evaluation;

/// <summary>The one table formatter in both layouts, on metrics whose cells are known by hand.</summary>
[TestClass]
public sealed class ResultsTableTests
{
    private static ClassifierMetrics Classifier(string name, double mean, double? std) =>
        new(name, [], new SummaryMetrics(mean + 0.01, mean - 0.01, mean), new SummaryMetrics(std, std, std));

    private static MetricsDocument Document() => new("kfold", 5, null, ["x", "y"],
    [
        new BackboneMetrics("resnet18-imagenet", "", 512, [Classifier("linear_probe", 0.444, 0.101), Classifier("knn_1", 0.274, 0.033)]),
        new BackboneMetrics("nano", "", 192, [Classifier("linear_probe", 0.23, null)]),
    ]);

    [TestMethod]
    public void BackboneRowsIsThePapersTable()
    {
        const string expected = """
            Backbone           Linear probe      1-NN
            -----------------------------------------
            resnet18-imagenet     44.4±10.1  27.4±3.3
            nano                       23.0       n/a

            """;
        Assert.AreEqual(expected, ResultsTable.Text(Document(), ResultsTableLayout.BackboneRows).ReplaceLineEndings("\n"));
        StringAssert.Contains(ResultsTable.Markdown(Document(), ResultsTableLayout.BackboneRows, HeadlineMetric.Accuracy),
            "| resnet18-imagenet | 45.4±10.1 | 28.4±3.3 |");
    }

    [TestMethod]
    public void ClassifierRowsShowsEveryMetric()
    {
        var lines = ResultsTable.Text(Document(), ResultsTableLayout.ClassifierRows).TrimEnd().Split('\n');
        Assert.HasCount(5, lines);
        Assert.AreEqual("backbone           classifier     accuracy  balanced acc.  weighted F1", lines[0].TrimEnd());
        Assert.AreEqual("nano               linear_probe       24.0           22.0         23.0", lines[4].TrimEnd());
    }
}
