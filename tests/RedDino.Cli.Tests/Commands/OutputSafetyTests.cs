using System.Text.Json.Nodes;
using RedDino.Formats.IO;
using RedDino.Formats.Manifests;
using RedDino.MLNet.Embeddings;
using RedDino.Tests.Shared;

namespace RedDino.Cli.Tests.Commands;

/// <summary>Outputs are checked before any work, and concurrent writers of one output never mix.</summary>
[TestClass]
public sealed class OutputSafetyTests
{
    private static string Fixture(string name) => RepoPaths.Fixture("embedding", name);

    /// <summary>Every command whose --out is a folder is given a file there, and the other way round;
    /// then an output under /proc, where nothing can be created. Each is refused at once (exit 1, naming
    /// --out), before any work: nothing is printed about the work, nothing is written.</summary>
    [TestMethod]
    [DataRow("folder", "embed", "--model", "{model}", "--manifest", "{manifest}", "--no-cache", "--out", "{csv folder}")]
    [DataRow("folder", "export", "--builtin", "resnet18-imagenet", "--out", "{folder}")]
    [DataRow("folder", "export", "--checkpoint", "{checkpoint}", "--out", "{folder}")]
    [DataRow("folder", "predict", "--bundle", "{missing}", "--image", "{image}", "--out", "{folder}")]
    [DataRow("folder", "manifest", "folders", "--root", "{folder}", "--out", "{folder}")]
    [DataRow("file", "eval", "--embeddings", "{embeddings}", "--protocol", "kfold", "--folds", "2", "--out", "{file}")]
    [DataRow("file", "map", "--embeddings", "{embeddings}", "--method", "pca", "--out", "{file}")]
    [DataRow("file", "visualize", "--model", "{model}", "--image", "{image}", "--out", "{file}")]
    [DataRow("file", "pretrain", "--config", "{pretrain}", "--out", "{file}")]
    [DataRow("file", "bench", "{bench}", "--out", "{file}")]
    [DataRow("proc", "eval", "--embeddings", "{embeddings}", "--protocol", "kfold", "--folds", "2", "--out", "/proc/reddino/results")]
    [DataRow("proc", "embed", "--model", "{model}", "--manifest", "{manifest}", "--no-cache", "--out", "/proc/reddino/e.csv")]
    public void AnUnusableOutIsRefusedBeforeAnyWork(string kind, params string[] template)
    {
        var folder = RepoPaths.NewTempFolder();
        var file = Path.Combine(folder, "existing.txt");
        File.WriteAllText(file, "keep me");
        var csvFolder = Directory.CreateDirectory(Path.Combine(folder, "emb.csv")).FullName;
        var pretrain = Path.Combine(folder, "p.json");
        File.WriteAllText(pretrain, """{"kind": "pretrain", "data": {"images": "."}}""");
        var values = new Dictionary<string, string>
        {
            ["{model}"] = Fixture("tiny_vit.onnx"), ["{manifest}"] = Fixture("manifest.csv"), ["{folder}"] = folder, ["{csv folder}"] = csvFolder, ["{file}"] = file,
            ["{checkpoint}"] = RepoPaths.Fixture("backbone", "tiny_vit_timm.safetensors"), ["{missing}"] = Path.Combine(folder, "none.zip"),
            ["{image}"] = RepoPaths.Fixture("imaging", "sources", "rgb_240x229.png"),
            ["{embeddings}"] = RepoPaths.Fixture("evaluation", "eval_small.csv"), ["{pretrain}"] = pretrain,
            ["{bench}"] = Path.Combine(RepoPaths.Root, "pipelines", "sample.json"),
        };
        var args = template.Select(a => values.GetValueOrDefault(a, a)).ToArray();
        var before = Directory.GetFileSystemEntries(folder, "*", SearchOption.AllDirectories).Order().ToArray();

        var run = CliRun.Of(args);

        Assert.AreEqual(1, run.ExitCode, run.ToString());
        var outValue = args[Array.IndexOf(args, "--out") + 1];
        StringAssert.Contains(run.Error, $"error: --out {outValue}: " + kind switch
        {
            "folder" => "is a folder; give a file path",
            "file" => "is a file; give a folder",
            _ => "cannot write in /proc",
        });
        Assert.HasCount(1, run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries), $"one line, nothing about the work:\n{run.Error}");
        CollectionAssert.AreEqual(before, Directory.GetFileSystemEntries(folder, "*", SearchOption.AllDirectories).Order().ToArray(), "nothing written");
        Assert.AreEqual("keep me", File.ReadAllText(file));
    }

    /// <summary>Two processes embed the same manifest into the same --out with two different models, a few
    /// times: the file always holds one model's rows, whole, and its sidecar names that model and the
    /// file's sha256; no temporary or lock file is left.</summary>
    [TestMethod]
    public void TwoProcessesWritingOneOutputLeaveOneModelsFileWithItsSidecar()
    {
        var folder = RepoPaths.NewTempFolder();
        var source = Manifest.Read(Fixture("manifest.csv"));
        var rows = Enumerable.Range(0, 10).SelectMany(_ => source.Rows.Select(r => r with { Path = r.ResolvePath(source.BaseFolder()) })).ToList();
        var manifest = Path.Combine(folder, "manifest.csv");
        new Manifest(rows, source.Columns).Write(manifest);
        string[] models = [Fixture("tiny_vit.onnx"), Fixture("tiny_vit_nometa.onnx")];
        var expected = new Dictionary<string, EmbeddingSet>();
        foreach (var model in models)
        {
            var reference = Path.Combine(folder, Path.GetFileNameWithoutExtension(model) + ".csv");
            Assert.AreEqual(0, CliRun.Of("embed", "--model", model, "--manifest", manifest, "--out", reference, "--no-cache", "--device", "cpu").ExitCode);
            expected[FileHash.Sha256(model)] = EmbeddingSet.Read(reference);
        }

        var output = Path.Combine(folder, "shared", "emb.csv");
        for (var round = 0; round < 3; round++)
        {
            var writers = models.Select(model =>
                CliProcess.Start("embed", "--model", model, "--manifest", manifest, "--out", output, "--no-cache", "--device", "cpu", "--batch-size", "4")).ToList();
            foreach (var writer in writers)
            {
                using (writer)
                {
                    var run = writer.Wait(TimeSpan.FromMinutes(3));
                    Assert.AreEqual(0, run.ExitCode, run.ToString());
                }
            }

            var sidecar = JsonNode.Parse(File.ReadAllText(output + ".json"))!;
            Assert.AreEqual(FileHash.Sha256(output), sidecar["sha256"]?.GetValue<string>(), $"round {round}: the sidecar describes the file");
            var model = sidecar["model_sha256"]!.GetValue<string>();
            Assert.IsTrue(expected.ContainsKey(model), $"round {round}: the sidecar names one of the two models");
            var written = EmbeddingSet.Read(output);
            var reference = expected[model];
            Assert.AreEqual(reference.Count, written.Count, $"round {round}: whole");
            for (var i = 0; i < reference.Values.Length; i++)
                Assert.IsLessThanOrEqualTo(1e-6 + 1e-6 * Math.Abs(reference.Values[i]), Math.Abs(written.Values[i] - reference.Values[i]),
                    $"round {round}, value {i}: the rows are the named model's");
            CollectionAssert.AreEquivalent(new[] { "emb.csv", "emb.csv.json" }, Directory.GetFiles(Path.GetDirectoryName(output)!).Select(Path.GetFileName).ToArray(),
                $"round {round}: no temporary or lock file left");
        }
        Assert.AreNotEqual(expected.Values.First().Values[0], expected.Values.Last().Values[0], "the two models give different rows");
    }
}
