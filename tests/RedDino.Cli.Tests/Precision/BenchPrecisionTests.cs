using System.Text.Json.Nodes;
using RedDino.Formats;
using RedDino.Formats.Manifests;
using RedDino.MLNet.Embeddings;
using RedDino.Tests.Shared;

namespace RedDino.Cli.Tests.Precision;

/// <summary>A bench backbone's `"precision"`: fp32 and int8 of one model side by side in one report, the
/// converted model kept in the cache folder's models/ (reused, not converted again) with its own sha256,
/// and a bad value named by its field.</summary>
[TestClass]
public sealed class BenchPrecisionTests : TempFolderTest
{
    [TestMethod]
    public void Fp32AndInt8OfOneModelSitSideBySide()
    {
        var pipeline = Pipeline("""
            {"name": "tiny", "model": MODEL},
            {"name": "tiny-int8", "model": MODEL, "precision": "int8"}
            """);
        var results = Path.Combine(Folder, "results");
        var run = CliRun.Of("bench", pipeline, "--out", results, "--quiet");
        Assert.AreEqual(0, run.ExitCode, run.ToString());

        var backbones = JsonNode.Parse(File.ReadAllText(Path.Combine(results, "metrics.json")))!["backbones"]!.AsObject();
        CollectionAssert.AreEqual(new[] { "tiny", "tiny-int8" }, backbones.Select(b => b.Key).ToArray());
        Assert.AreNotEqual(backbones["tiny"]!["model_sha256"]!.GetValue<string>(), backbones["tiny-int8"]!["model_sha256"]!.GetValue<string>());
        var converted = Directory.GetFiles(Path.Combine(Folder, ".reddino-cache", "models"), "*-int8.onnx").Single();
        Assert.AreEqual("int8", RedDinoModelInfo.Read(converted).Metadata[MetadataKeys.Precision]);
        StringAssert.Contains(File.ReadAllText(Path.Combine(results, "report.md")), "tiny-int8");

        var written = File.GetLastWriteTimeUtc(converted);
        Assert.AreEqual(0, CliRun.Of("bench", pipeline, "--out", Path.Combine(Folder, "again"), "--quiet").ExitCode);
        Assert.AreEqual(written, File.GetLastWriteTimeUtc(converted), "the converted model is reused");
    }

    [TestMethod]
    public void UnknownPrecisionIsNamedByItsField()
    {
        var run = CliRun.Of("bench", Pipeline("""{"name": "tiny", "model": MODEL, "precision": "int4"}"""), "--out", Path.Combine(Folder, "r"));
        Assert.AreEqual(1, run.ExitCode, run.ToString());
        StringAssert.Contains(run.Error, "'backbones[0].precision': unknown precision 'int4' (use fp32, fp16, int8)");
    }

    private string Pipeline(string backbones)
    {
        var sample = Manifest.Read(Path.Combine(RepoPaths.Root, "data-manifests", "chula-sample", "manifest.csv"));
        var rows = sample.Rows.Where(r => r.Label is "Normal cell" or "Macrocyte").GroupBy(r => r.Label).SelectMany(g => g.Take(4))
            .Select(r => r with { Path = r.ResolvePath(sample.BaseFolder()) }).ToList();
        var manifest = Path.Combine(Folder, "cells.csv");
        new Manifest(rows, sample.Columns).Write(manifest);
        var model = JsonValue.Create(RepoPaths.Fixture("embedding", "tiny_vit.onnx")).ToJsonString();
        var path = Path.Combine(Folder, "pipeline.json");
        File.WriteAllText(path, $$"""
            {"kind": "bench", "name": "precision", "dataset": {{JsonValue.Create(manifest).ToJsonString()}},
             "backbones": [{{backbones.Replace("MODEL", model)}}],
             "protocol": {"type": "kfold", "folds": 2}, "classifiers": ["knn_1"], "embedding": {"cache_folder": ".reddino-cache"} }
            """);
        return path;
    }
}
