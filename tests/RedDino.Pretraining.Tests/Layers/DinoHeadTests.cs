using RedDino.Pretraining.Layers;
using RedDino.Pretraining.Tests.Support;
using static TorchSharp.torch;

namespace RedDino.Pretraining.Tests.Layers;

[TestClass]
public sealed class DinoHeadTests
{
    [TestMethod]
    public void ParameterNamesFollowTheTrainingCheckpoints()
    {
        using var head = new DinoHead(12, 20, 16, 8);
        var names = head.named_parameters().Select(p => p.name).ToArray();
        CollectionAssert.AreEquivalent(new[]
        {
            "mlp.0.weight", "mlp.0.bias", "mlp.2.weight", "mlp.2.bias", "mlp.4.weight", "mlp.4.bias",
            "last_layer.weight_g", "last_layer.weight_v",
        }, names);
        var g = head.named_parameters().Single(p => p.name == "last_layer.weight_g").parameter;
        CollectionAssert.AreEqual(new long[] { 20, 1 }, g.shape);
        Assert.IsTrue(g.eq(1).all().item<bool>(), "g starts at 1");
    }

    [TestMethod]
    public void ForwardAndGradientsMatchPyTorchWeightNorm()
    {
        var f = PretrainingFixture.Load("dino_head.json");
        using var scope = NewDisposeScope();
        using var head = new DinoHead(f.Int("in_dim"), f.Int("out_dim"), f.Int("hidden_dim"), f.Int("bottleneck_dim"));
        var parameters = f.Root.GetProperty("parameters");
        using (no_grad())
        {
            foreach (var (name, p) in head.named_parameters())
                p.copy_(PretrainingFixture.ToTensor(parameters.GetProperty(name)));
        }
        var x = f.Tensor("input").requires_grad_(true);
        var output = head.forward(x);
        PretrainingFixture.AssertClose(output, f.Root.GetProperty("output"), "output");
        output.mul(f.Tensor("upstream")).sum().backward();
        var grads = f.Root.GetProperty("grad_parameters");
        foreach (var (name, p) in head.named_parameters())
            PretrainingFixture.AssertClose(p.grad!, grads.GetProperty(name), $"grad {name}");
        PretrainingFixture.AssertClose(x.grad!, f.Root.GetProperty("grad_input"), "grad input");
    }
}
