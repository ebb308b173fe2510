using System.Text.Json.Nodes;
using RedDino.Cli.Bench;
using RedDino.MLNet.Embeddings;
using RedDino.Tests.Shared;

namespace RedDino.Cli.Tests.Bench;

/// <summary>RedDino-nano as committed under data-manifests/models (trained by `reddino pretrain` with
/// pipelines/pretrain-nano.json) and its random-weight twin sit in the default bench next to ResNet-18.</summary>
[TestClass]
public sealed class BundledNanoModelsTests
{
    private static string Models(string file) => Path.Combine(RepoPaths.Root, "data-manifests", "models", file);

    [TestMethod]
    public void SamplePipelineRunsNanoAndItsRandomTwinBesideResNet()
    {
        var sample = BenchPipelineReader.Read(Path.Combine(RepoPaths.Root, "pipelines", "sample.json"));
        CollectionAssert.AreEqual(new[] { "resnet18-imagenet", "reddino-nano", "reddino-nano-random" },
            sample.Backbones.Select(b => b.Name).ToArray());
        Assert.AreEqual(Models("reddino-nano.onnx"), sample.Backbones[1].Value);
        Assert.AreEqual(Models("reddino-nano-random.onnx"), sample.Backbones[2].Value);
    }

    [TestMethod]
    public void NanoAndRandomTwinShareTheArchitectureNotTheWeights()
    {
        var trained = RedDinoModelInfo.Read(Models("reddino-nano.onnx"));
        var random = RedDinoModelInfo.Read(Models("reddino-nano-random.onnx"));
        foreach (var model in new[] { trained, random })
        {
            Assert.AreEqual(192, model.EmbedDim);
            Assert.AreEqual(112, model.Preprocessing.ImageSize);
        }
        Assert.AreEqual(trained.Arch, random.Arch);
        Assert.AreNotEqual(trained.Sha256, random.Sha256);
    }

    [TestMethod]
    public void MergedConfigAndLossLogCameWithTheModel()
    {
        var config = JsonNode.Parse(File.ReadAllText(Models("reddino-nano.config.json")))!;
        Assert.AreEqual(192, config["student"]!["embed_dim"]!.GetValue<int>());
        Assert.AreEqual(112, config["crops"]!["global_crops_size"]!.GetValue<int>());
        var losses = File.ReadAllLines(Models("reddino-nano.losses.csv"));
        StringAssert.StartsWith(losses[0], "iteration,total_loss,");
        Assert.IsGreaterThan(500, losses.Length - 1, "iterations logged");
    }

    [TestMethod]
    public void TheLabelFreeRetrievalSignalRoseDuringTheShippedRun()
    {
        // iteration,view_retrieval_top1,chance,images,seconds; iteration 0 = the initial weights (the random twin).
        var rows = File.ReadAllLines(Models("reddino-nano.retrieval.csv")).Skip(1)
            .Select(l => l.Split(',')).Select(f => (Iteration: long.Parse(f[0], System.Globalization.CultureInfo.InvariantCulture),
                Top1: double.Parse(f[1], System.Globalization.CultureInfo.InvariantCulture),
                Chance: double.Parse(f[2], System.Globalization.CultureInfo.InvariantCulture))).ToArray();
        Assert.AreEqual(0, rows[0].Iteration);
        Assert.IsGreaterThan(rows[0].Top1 * 1.2, rows[^1].Top1, "the last checkpoint retrieves partner views clearly better than the initial weights");
        Assert.IsTrue(rows.Skip(1).All(r => r.Top1 > rows[0].Top1), "every checkpoint is above the initial weights");
        Assert.IsTrue(rows.All(r => r.Top1 > 10 * r.Chance), "far above chance");
        Assert.IsTrue(File.Exists(Models("reddino-nano.losses.png")), "losses and retrieval plotted");
    }
}
