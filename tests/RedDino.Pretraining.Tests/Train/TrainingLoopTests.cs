using RedDino.Pretraining.Tests.Support;
using RedDino.Pretraining.Train;
using TorchSharp;
using static TorchSharp.torch;

namespace RedDino.Pretraining.Tests.Train;

[TestClass]
public sealed class TrainingLoopTests
{
    [TestMethod]
    public void TheTeacherStartsAsAnExactCopyOfTheInitialisedStudent()
    {
        var (_, config) = TinyTraining.Config();
        using var parts = new TrainingParts(config);
        foreach (var (name, teacherParam) in parts.Teacher.named_parameters())
        {
            var student = parts.Student.named_parameters().Single(p => p.name == name).parameter;
            Assert.IsTrue(teacherParam.eq(student).all().item<bool>(), $"teacher {name} = student {name}");
        }
        // The student has DINOv2's initialisation: truncated normal (std 0.02) Linear weights, not a constant.
        var qkv = parts.Student.Backbone.state_dict()["blocks.0.attn.qkv.weight"];
        Assert.AreEqual(0.02, qkv.std().ToDouble(), 0.004);
        Assert.IsTrue(qkv.abs().max().ToDouble() <= 2.0);
    }

    [TestMethod]
    public void OneIterationGivesFiniteLossesAndMovesTheTeacherByTheEmaRule()
    {
        var (_, config) = TinyTraining.Config();
        using var parts = new TrainingParts(config);
        // Iteration 0 has lr 0 (the warmup starts at 0), so check the EMA rule at iteration 1.
        using (var first = parts.Batch(0))
            Assert.IsTrue(parts.Step.Run(first, 0).IsFinite);
        using var batch = parts.Batch(1);
        Assert.IsGreaterThan(0L, batch.MaskedPatches, "some global crops are masked");
        Assert.IsNotNull(batch.Local, "two local crops are used");

        var before = parts.Teacher.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());
        var studentBefore = parts.Student.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());
        var losses = parts.Step.Run(batch, 1);

        Assert.IsTrue(losses.IsFinite, $"losses {losses}");
        Assert.IsGreaterThan(0.0, losses.DinoGlobal);
        Assert.IsGreaterThan(0.0, losses.DinoLocal);
        Assert.IsGreaterThan(0.0, losses.Ibot);
        Assert.AreEqual(losses.DinoGlobal + losses.DinoLocal + losses.Ibot + losses.Koleo, losses.Total, 1e-5);

        var m = parts.Step.Schedules.Momentum[1];
        var moved = 0;
        foreach (var (name, teacherParam) in parts.Teacher.named_parameters())
        {
            var student = parts.Student.named_parameters().Single(p => p.name == name).parameter;
            using var expected = before[name].mul(m).add_(student.detach(), alpha: 1 - m);
            Assert.IsTrue(teacherParam.eq(expected).all().item<bool>(), $"teacher {name} = m t + (1 - m) s exactly");
            if (!student.eq(studentBefore[name]).all().item<bool>()) moved++;
        }
        Assert.IsGreaterThan(0, moved, "the student was updated");
        foreach (var t in before.Values.Concat(studentBefore.Values)) t.Dispose();
    }

    [TestMethod]
    public void SyntheticShapesWithEveryViewInvarianceTrain()
    {
        var (_, config) = TinyTraining.Config("data.source=synthetic_shapes", "data.synthetic_count=40", "data.synthetic_size=56",
            "augmentation.rotation_limit=180", "augmentation.color_jitter_probability=0.8", "augmentation.grayscale_probability=0.5",
            "crops.crop_ratio=[1,1]");
        using var parts = new TrainingParts(config);
        Assert.AreEqual(36, parts.Images.Count, "4 of the 40 images are held out for the retrieval signal");
        for (var it = 0; it < 3; it++)
        {
            using var batch = parts.Batch(it);
            Assert.IsTrue(parts.Step.Run(batch, it).IsFinite);
        }
    }

    [TestMethod]
    public void TwentyIterationsLeaveNoTensorsBehind()
    {
        var (_, config) = TinyTraining.Config("train.centering=centering", "dino.koleo_loss_weight=0.1");
        using var parts = new TrainingParts(config);
        long liveAfterWarmup = 0;
        for (var it = 0; it < 20; it++)
        {
            using (var batch = parts.Batch(it))
                Assert.IsTrue(parts.Step.Run(batch, it).IsFinite);
            GC.Collect();
            GC.WaitForPendingFinalizers();
            if (it == 1) liveAfterWarmup = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        }
        Assert.AreEqual(liveAfterWarmup, DisposeScopeManager.Statistics.ThreadTotalLiveCount,
            $"live tensors grew: {DisposeScopeManager.Statistics}");
    }

    [TestMethod]
    public void NonFiniteLossStopsWithAClearMessage()
    {
        var (_, config) = TinyTraining.Config();
        using var parts = new TrainingParts(config);
        using (no_grad())
            parts.Student.Head.named_parameters().First().parameter.fill_(float.NaN);
        using var batch = parts.Batch(0);
        var e = Assert.ThrowsExactly<TrainingDivergedException>(() => parts.Step.Run(batch, 0, "checkpoints/iter_0000003"));
        StringAssert.Contains(e.Message, "iteration 0");
        StringAssert.Contains(e.Message, "checkpoints/iter_0000003");
    }
}
