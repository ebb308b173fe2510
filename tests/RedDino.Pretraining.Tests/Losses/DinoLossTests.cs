using RedDino.Pretraining.Losses;
using RedDino.Pretraining.Tests.Support;
using static TorchSharp.torch;

namespace RedDino.Pretraining.Tests.Losses;

[TestClass]
public sealed class DinoLossTests
{
    [TestMethod]
    [DataRow(0)]
    [DataRow(1)]
    [DataRow(3)]
    public void ReferenceBookkeepingMatchesPyTorch(int localCrops)
    {
        var f = PretrainingFixture.Load($"dino_loss_local{localCrops}.json");
        using var scope = NewDisposeScope();
        var b = f.Int("batch");
        var teacher = f.Tensor("teacher_logits");
        var studentGlobal = f.Tensor("student_global").requires_grad_(true);
        var studentLocal = f.Tensor("student_local").requires_grad_(true);

        // Swap the two global crops of the teacher so crop 0 of the student meets crop 1.
        var chunks = teacher.chunk(2);
        var targets = SinkhornKnopp.Targets(cat([chunks[1], chunks[0]]), f.Number("teacher_temp"));
        PretrainingFixture.AssertClose(targets, f.Root.GetProperty("teacher_targets"), "targets");

        var mode = DinoNormalisation.Reference;
        var global = DinoLossTerms.Global(studentGlobal, targets, localCrops, mode, 0.1);
        PretrainingFixture.AssertClose(global.item<float>(), f.Number("dino_global_loss"), "global");
        var total = global;
        Assert.AreEqual(localCrops > 1, DinoLossTerms.HasLocalTerm(localCrops, mode));
        if (DinoLossTerms.HasLocalTerm(localCrops, mode))
        {
            var local = DinoLossTerms.Local(studentLocal, targets, localCrops, mode, 0.1);
            PretrainingFixture.AssertClose(local.item<float>(), f.Number("dino_local_loss"), "local");
            total = total + local;
        }
        else
        {
            Assert.AreEqual(0.0, f.Number("dino_local_loss"));
        }
        total.backward();
        PretrainingFixture.AssertClose(studentGlobal.grad!, f.Root.GetProperty("grad_student_global"), "grad global");
        if (localCrops > 1)
            PretrainingFixture.AssertClose(studentLocal.grad!, f.Root.GetProperty("grad_student_local"), "grad local");
        Assert.AreEqual(4, b);
    }

    [TestMethod]
    public void OneLocalCropHalvesTheGlobalTermUnderTheReference()
    {
        Assert.AreEqual(4.0, DinoLossTerms.Divisor(1, DinoNormalisation.Reference));
        Assert.AreEqual(3.0, DinoLossTerms.Divisor(0, DinoNormalisation.Reference));
        Assert.AreEqual(8.0, DinoLossTerms.Divisor(3, DinoNormalisation.Reference));
        Assert.AreEqual(4.0, DinoLossTerms.Divisor(1, DinoNormalisation.PerTerm));
        Assert.IsTrue(DinoLossTerms.HasLocalTerm(1, DinoNormalisation.PerTerm));
    }
}
