using RedDino.Pretraining.Tests.Support;
using RedDino.Pretraining.Train;
using static TorchSharp.torch;

namespace RedDino.Pretraining.Tests.Train;

/// <summary>student.drop_path_rate / drop_path_uniform reach the student's blocks; the teacher
/// (DINOv2 builds it without drop path) never drops.</summary>
[TestClass]
[DoNotParallelize] // model init and drop path draw from LibTorch's global generator
public sealed class DropPathTrainingTests
{
    [TestMethod]
    public void TheStudentDropsPathsAndTheTeacherNever()
    {
        var (_, config) = TinyTraining.Config("student.drop_path_rate=0.5", "student.depth=3");
        using var core = new TrainingCore(config);
        CollectionAssert.AreEqual(new[] { 0.5, 0.5, 0.5 }, core.Student.Backbone.Settings.DropPathRates(), "uniform by default (DINOv2)");
        Assert.IsTrue(core.Student.training, "student in training mode");
        Assert.IsFalse(core.Teacher.training, "teacher in evaluation mode");

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var images = randn(8, 3, 56, 56);
        Assert.IsFalse(core.Student.Backbone.forward(images).eq(core.Student.Backbone.forward(images)).all().item<bool>(), "student: stochastic");
        Assert.IsTrue(core.Teacher.Backbone.forward(images).eq(core.Teacher.Backbone.forward(images)).all().item<bool>(), "teacher: deterministic");

        var (_, linear) = TinyTraining.Config("student.drop_path_rate=0.2", "student.depth=3", "student.drop_path_uniform=false");
        using var ramp = new TrainingCore(linear);
        CollectionAssert.AreEqual(new[] { 0.0, 0.1, 0.2 }, ramp.Student.Backbone.Settings.DropPathRates());
    }
}
