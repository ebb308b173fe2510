using RedDino.Pretraining.Losses;
using RedDino.Pretraining.Tests.Support;
using static TorchSharp.torch;

namespace RedDino.Pretraining.Tests.Losses;

[TestClass]
public sealed class IbotAndKoLeoTests
{
    [TestMethod]
    public void IbotLossUsesPerImageWeightsOverAllGlobalImages()
    {
        var f = PretrainingFixture.Load("ibot_loss.json");
        using var scope = NewDisposeScope();
        var masks = f.Tensor("masks").to_type(ScalarType.Bool);
        var weights = IbotPatchLoss.MasksWeight(masks);
        PretrainingFixture.AssertClose(weights, f.Root.GetProperty("masks_weight"), "masks weight");

        var m = masks.sum().item<long>();
        var targets = SinkhornKnopp.Targets(f.Tensor("teacher_logits"), f.Number("teacher_temp"), samples: m);
        PretrainingFixture.AssertClose(targets, f.Root.GetProperty("teacher_targets"), "targets");
        var student = f.Tensor("student").requires_grad_(true);
        var loss = IbotPatchLoss.Forward(student, targets, weights, masks.shape[0], 0.1);
        PretrainingFixture.AssertClose(loss.item<float>(), f.Number("ibot_loss"), "ibot");
        loss.backward();
        PretrainingFixture.AssertClose(student.grad!, f.Root.GetProperty("grad_student"), "grad");
    }

    [TestMethod]
    public void IbotLossIsZeroWithoutMaskedPatches()
    {
        using var scope = NewDisposeScope();
        var loss = IbotPatchLoss.Forward(zeros(0, 5), zeros(0, 5), zeros(0), 4, 0.1);
        Assert.AreEqual(0f, loss.item<float>());
    }

    [TestMethod]
    public void KoLeoMatchesReferenceWithoutPairingTheTwoCropsOfAnImage()
    {
        var f = PretrainingFixture.Load("koleo.json");
        using var scope = NewDisposeScope();
        var cls = f.Tensor("cls_tokens").requires_grad_(true);
        var chunks = cls.chunk(2);
        var loss = (KoLeoLoss.Forward(chunks[0]) + KoLeoLoss.Forward(chunks[1])) * f.Number("weight");
        PretrainingFixture.AssertClose(loss.item<float>(), f.Number("koleo_loss"), "koleo");
        loss.backward();
        PretrainingFixture.AssertClose(cls.grad!, f.Root.GetProperty("grad_cls_tokens"), "grad");
    }
}
