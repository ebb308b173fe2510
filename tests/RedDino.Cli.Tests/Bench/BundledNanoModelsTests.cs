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
        Assert.IsGreaterThan(1000, losses.Length - 1, "iterations logged");
    }
}
