using RedDino.Pretraining.Losses;
using RedDino.Pretraining.Tests.Support;
using static TorchSharp.torch;

namespace RedDino.Pretraining.Tests.Losses;

[TestClass]
public sealed class CenteringTests
{
    private static readonly PretrainingFixture F = PretrainingFixture.Load("centering.json");

    [TestMethod]
    public void SinkhornKnoppMatchesReference()
    {
        using var logits = F.Tensor("logits");
        using var q = SinkhornKnopp.Targets(logits, F.Number("teacher_temp"));
        PretrainingFixture.AssertClose(q, F.Root.GetProperty("sinkhorn"), "sinkhorn");
        using var rowSums = q.sum(1);
        PretrainingFixture.AssertClose(rowSums, System.Text.Json.JsonSerializer.SerializeToElement(Enumerable.Repeat(1.0, 6)), "row sums");
    }

    [TestMethod]
    public void RunningCenterAppliesTheQueuedMeanBeforeTheNextBatch()
    {
        using var center = new RunningCenter(10, F.Number("center_momentum"));
        using var initial = F.Tensor("center");
        center.Load(initial, null);
        using var logits = F.Tensor("logits");
        using var first = center.Targets(logits, F.Number("teacher_temp"));
        PretrainingFixture.AssertClose(first, F.Root.GetProperty("softmax_centered"), "first batch");
        using var next = F.Tensor("logits_next");
        using var second = center.Targets(next, F.Number("teacher_temp"));
        PretrainingFixture.AssertClose(second, F.Root.GetProperty("softmax_centered_next"), "second batch");
        // The center now in effect includes the second batch's mean: 0.9 c2 + 0.1 mean(batch 2).
        using var expected = F.Tensor("center_next").mul(0.9).add(next.mean([0], keepdim: true).mul(0.1));
        Assert.IsTrue(center.Center.allclose(expected, rtol: 1e-5, atol: 1e-6));
    }
}
