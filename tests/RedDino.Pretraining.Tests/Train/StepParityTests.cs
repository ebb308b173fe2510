using System.Text.Json;
using RedDino.Pretraining.Config;
using RedDino.Pretraining.Data;
using RedDino.Pretraining.Tests.Support;
using RedDino.Pretraining.Train;
using RedDino.Tests.Shared;
using static TorchSharp.torch;

namespace RedDino.Pretraining.Tests.Train;

/// <summary>One full training step of this project against the same step run by the official DINOv2
/// code (fixtures from tests/fixtures/scripts/make_dinov2_step_fixtures.py): same configuration, same
/// initial student, teacher, AdamW moments and centers, same crops and iBOT masks. Compared: the
/// schedule values of the iteration, every loss term, every student gradient before clipping, and
/// after clipping + AdamW + EMA every student and teacher weight and the running centers.</summary>
[TestClass]
[DoNotParallelize]
public sealed class StepParityTests
{
    // Measured on the fixtures (2-core x86-64, TorchSharp CPU vs torch 1.13): see the README
    // ("Pretraining", step parity); these bounds leave a margin of about 10x over them.
    private const double LossAtol = 1e-6, LossRtol = 1e-5;
    private const double GradAtol = 1e-5, GradRtol = 1e-4;
    private const double WeightAtol = 1e-6, WeightRtol = 1e-5;

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void SinkhornKnoppStepMatchesTheOfficialCode() => RunScenario("sinkhorn_knopp");

    [TestMethod]
    public void RunningMeanCenteringStepMatchesTheOfficialCode() => RunScenario("centering");

    private void RunScenario(string name)
    {
        using var fixture = StepParityFixture.Load();
        var scenario = fixture.Scenario(name);
        var settings = scenario.GetProperty("settings").EnumerateArray().Select(e => e.GetString()!).ToList();
        // The data side is never built here; the key only has to pass validation.
        settings.Add($"data.images={RepoPaths.Fixture("pretraining")}");
        var (_, config) = PretrainConfigLoader.Load(null, settings);
        var iteration = scenario.GetProperty("iteration").GetInt64();

        using var scope = NewDisposeScope();
        using var core = new TrainingCore(config);
        Load(core.Student, fixture.WithPrefix("init.student"), "student");
        Load(core.Teacher, fixture.WithPrefix("init.teacher"), "teacher");
        var optimizerState = fixture.WithPrefix("init.optimizer");
        foreach (var (p, _) in core.Student.named_parameters())
            optimizerState[p + ".step"] = tensor(fixture.Root.GetProperty("adam_step").GetInt64());
        core.Optimizer.LoadStateTensors(optimizerState, "step_parity.safetensors");
        if (config.Train.Centering == Centering.Centering)
        {
            core.Meta.DinoCenter!.Load(fixture["init.dino_center"], null);
            core.Meta.IbotCenter!.Load(fixture["init.ibot_center"], null);
        }

        var report = new ToleranceReport(LossAtol, LossRtol);
        var schedule = scenario.GetProperty("schedule");
        var s = core.Schedules;
        foreach (var (key, actual) in new[] { ("lr", s.Lr[iteration]), ("weight_decay", s.WeightDecay[iteration]), ("momentum", s.Momentum[iteration]),
                     ("teacher_temp", s.TeacherTemp[iteration]), ("last_layer_lr", s.LastLayerLr[iteration]) })
            Assert.AreEqual(schedule.GetProperty(key).GetDouble(), actual, 1e-12 + 1e-12 * Math.Abs(actual), $"schedule {key} at iteration {iteration}");

        using var batch = Batch(fixture, iteration);
        var losses = core.Step.Backward(batch, iteration);
        var expected = scenario.GetProperty("losses");
        foreach (var (key, actual) in new[] { ("dino_global", losses.DinoGlobal), ("dino_local", losses.DinoLocal), ("ibot", losses.Ibot),
                     ("koleo", losses.Koleo), ("total", losses.Total) })
            report.AssertClose(actual, expected.GetProperty(key).GetDouble(), $"{name} loss {key}", "losses");

        var grads = new ToleranceReport(GradAtol, GradRtol);
        foreach (var (p, parameter) in core.Student.named_parameters())
            grads.AssertClose(parameter.grad ?? throw new AssertFailedException($"{p}: no gradient"), fixture[$"{name}.grad.{p}"], $"{name} grad {p}", "gradients");

        core.Step.Update(iteration);
        var weights = new ToleranceReport(WeightAtol, WeightRtol);
        foreach (var (p, parameter) in core.Student.named_parameters())
            weights.AssertClose(parameter, fixture[$"{name}.student.{p}"], $"{name} student {p}", "student");
        foreach (var (p, parameter) in core.Teacher.named_parameters())
            weights.AssertClose(parameter, fixture[$"{name}.teacher.{p}"], $"{name} teacher {p}", "teacher");
        if (config.Train.Centering == Centering.Centering)
        {
            weights.AssertClose(core.Meta.DinoCenter!.State.Pending!, fixture[$"{name}.dino_pending"], $"{name} DINO batch mean", "centers");
            weights.AssertClose(core.Meta.IbotCenter!.State.Pending!, fixture[$"{name}.ibot_pending"], $"{name} iBOT batch mean", "centers");
            weights.AssertClose(core.Meta.DinoCenter.Center, fixture[$"{name}.dino_center"], $"{name} DINO center", "centers");
            weights.AssertClose(core.Meta.IbotCenter.Center, fixture[$"{name}.ibot_center"], $"{name} iBOT center", "centers");
        }
        TestContext.WriteLine($"{name}: {report.Describe()}; {grads.Describe()}; {weights.Describe()}");
    }

    /// <summary>Every parameter from the fixture, none missing, none left over.</summary>
    private static void Load(SslModel model, Dictionary<string, Tensor> tensors, string what)
    {
        var names = model.named_parameters().Select(p => p.name).ToList();
        CollectionAssert.AreEquivalent(tensors.Keys.ToList(), names, $"{what}: the official parameter names are the project's");
        using var noGrad = no_grad();
        foreach (var (p, parameter) in model.named_parameters())
            parameter.copy_(tensors[p]);
    }

    private static TrainingBatch Batch(StepParityFixture f, long iteration) => new()
    {
        Iteration = iteration,
        Global = f["input.global_crops"].clone(),
        Local = f["input.local_crops"].clone(),
        Masks = f["input.masks"].to_type(ScalarType.Bool),
        MaskIndices = f["input.mask_indices"].clone(),
        MasksWeight = f["input.masks_weight"].clone(),
        UpperBound = f.Root.GetProperty("upperbound").GetInt32(),
        SampleIndices = Enumerable.Range(0, f.Root.GetProperty("batch_size").GetInt32()).ToArray(),
    };
}
