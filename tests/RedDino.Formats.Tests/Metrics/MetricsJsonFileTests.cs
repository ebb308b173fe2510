using System.Text.Json.Nodes;
using RedDino.Formats.Metrics;
using RedDino.Tests.Shared;

namespace RedDino.Formats.Tests.Metrics;

[TestClass]
public sealed class MetricsJsonFileTests
{
    private static readonly string[] Classes = ["a", "b"];

    /// <summary>Two splits of one classifier, the second with an undefined per-class F1.</summary>
    internal static MetricsDocument Sample()
    {
        var first = ClassificationMetrics.FromConfusion([[3, 1], [0, 4]], Classes);
        var second = ClassificationMetrics.FromConfusion([[2, 0], [0, 0]], Classes);
        var classifier = ClassifierMetrics.FromSplits("knn_1", [new SplitMetrics(0, null, 8, 8, first), new SplitMetrics(1, null, 8, 2, second)]);
        return new MetricsDocument("kfold", 2, null, Classes, [new BackboneMetrics("tiny", "ab", 4, [classifier])]);
    }

    [TestMethod]
    public void WriteReadWriteGivesTheSameBytes()
    {
        var folder = RepoPaths.NewTempFolder();
        try
        {
            var first = Path.Combine(folder, "first.json");
            var second = Path.Combine(folder, "second.json");
            MetricsJsonFile.Write(first, Sample());
            var read = MetricsJsonFile.Read(first);
            MetricsJsonFile.Write(second, read);
            CollectionAssert.AreEqual(File.ReadAllBytes(first), File.ReadAllBytes(second));
            Assert.AreEqual(0.875, read.Backbones[0].Classifiers[0].Splits[0].Metrics.Accuracy);
            Assert.IsNull(read.Backbones[0].Classifiers[0].Splits[1].Metrics.PerClass[1].F1, "undefined stays null");
            Assert.AreEqual(8, read.Backbones[0].Classifiers[0].Splits[0].Metrics.Count);
            var json = JsonNode.Parse(File.ReadAllText(first))!;
            CollectionAssert.AreEqual(new[] { "schema_version", "protocol", "folds", "group_column", "classes", "backbones" },
                json.AsObject().Select(p => p.Key).ToArray());
            Assert.DoesNotContain("NaN", File.ReadAllText(first));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void WithBackboneReplacesInPlaceAndAppendsNewOnes()
    {
        var document = Sample();
        var other = document.Backbones[0] with { Name = "other" };
        var added = document.WithBackbone(other).WithBackbone(document.Backbones[0] with { EmbedDim = 9 });
        CollectionAssert.AreEqual(new[] { "tiny", "other" }, added.Backbones.Select(b => b.Name).ToArray());
        Assert.AreEqual(9, added.Backbones[0].EmbedDim);
        Assert.IsTrue(added.SameSetup(document));
        Assert.IsFalse(added.SameSetup(document with { Folds = 3 }));
    }

    [TestMethod]
    [DataRow("""{"schema_version": 2, "protocol": "kfold"}""", "'schema_version' is 2")]
    [DataRow("""{"protocol": "kfold"}""", "'schema_version' is missing")]
    [DataRow("""{"schema_version": 1, "protocol": "kfold", "classes": ["a"], "backbones": {"t": {"classifiers": {"knn_1": {"splits": 3}}}}}""",
        "'backbones.t.classifiers.knn_1' is missing or malformed")]
    [DataRow("""{"schema_version": 1, "protocol": "kfold", "backbones": {}}""", "'classes' is missing or malformed")]
    public void BadFilesNameTheField(string text, string expected)
    {
        var folder = RepoPaths.NewTempFolder();
        try
        {
            var path = Path.Combine(folder, "metrics.json");
            File.WriteAllText(path, text);
            var e = Assert.ThrowsExactly<InvalidDataException>(() => MetricsJsonFile.Read(path));
            StringAssert.Contains(e.Message, path);
            StringAssert.Contains(e.Message, expected);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
