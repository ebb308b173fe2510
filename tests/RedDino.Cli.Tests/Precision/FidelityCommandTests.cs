using System.Text.Json.Nodes;
using RedDino.Formats.Manifests;
using RedDino.Formats.Onnx.Precision;
using RedDino.Tests.Shared;

namespace RedDino.Cli.Tests.Precision;

/// <summary>`reddino fidelity`: the tiny ViT against its own int8 export on labelled bundled cells prints the
/// summary, writes fidelity.json, rows.csv and run.json, and prints the folder last; one --model is a usage error.</summary>
[TestClass]
public sealed class FidelityCommandTests : TempFolderTest
{
    [TestMethod]
    public void ComparesAModelWithItsInt8Export()
    {
        var fp32 = RepoPaths.Fixture("embedding", "tiny_vit.onnx");
        var int8 = Path.Combine(Folder, "tiny_vit-int8.onnx");
        OnnxPrecisionConverter.Convert(fp32, int8, ModelPrecision.Int8);
        var sample = Manifest.Read(Path.Combine(RepoPaths.Root, "data-manifests", "chula-sample", "manifest.csv"));
        var rows = sample.Rows.Where(r => r.Label is "Normal cell" or "Macrocyte").GroupBy(r => r.Label).SelectMany(g => g.Take(5))
            .Select(r => r with { Path = r.ResolvePath(sample.BaseFolder()) }).ToList();
        var manifest = Path.Combine(Folder, "cells.csv");
        new Manifest(rows, sample.Columns).Write(manifest);
        var output = Path.Combine(Folder, "out");

        var run = CliRun.Of("fidelity", "--model", fp32, "--model", int8, "--manifest", manifest, "--out", output, "--no-cache",
            "--folds", "2", "--classifiers", "knn_1", "--device", "cpu");

        Assert.AreEqual(0, run.ExitCode, run.ToString());
        StringAssert.Contains(run.Out, "Fidelity of tiny_vit-int8 against tiny_vit: 10 rows, D=32");
        StringAssert.Contains(run.Out, "k-NN agreement, k=9 ");
        StringAssert.Contains(run.Out, "knn_1 weighted F1 (%)");
        Assert.AreEqual(output, run.LastLine);
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "fidelity.json")))!;
        Assert.AreEqual(10, json["rows"]!.GetValue<int>());
        Assert.IsGreaterThanOrEqualTo(0.99, json["cosine"]!["min"]!.GetValue<double>());
        Assert.AreEqual("kfold", json["downstream"]!["protocol"]!.GetValue<string>());
        Assert.IsNotNull(json["downstream"]!["classifiers"]!["knn_1"]!["difference"]!["weighted_f1"]);
        var csv = File.ReadAllLines(Path.Combine(output, "rows.csv"));
        Assert.AreEqual("row,path,cosine,knn1_overlap,knn9_overlap", csv[0], "k is capped at rows - 1");
        Assert.HasCount(11, csv);
        Assert.IsTrue(File.Exists(Path.Combine(output, "run.json")));
    }

    [TestMethod]
    public void OneModelIsAUsageError() =>
        Assert.AreEqual(2, CliRun.Of("fidelity", "--model", RepoPaths.Fixture("embedding", "tiny_vit.onnx"), "--manifest",
            RepoPaths.Fixture("embedding", "manifest.csv")).ExitCode);
}
