using System.Text.Json.Nodes;
using RedDino.Pretraining.Config;
using RedDino.Pretraining.Tests.Support;
using RedDino.Pretraining.Train;

namespace RedDino.Pretraining.Tests.Train;

[TestClass]
public sealed class SchedulesTests
{
    [TestMethod]
    public void ArraysMatchDinoV2CosineScheduler()
    {
        var f = PretrainingFixture.Load("schedules.json");
        var json = PretrainConfigLoader.Defaults();
        json["data"]!["images"] = "unused";
        json["train"]!["official_epoch_length"] = f.Int("epoch_length");
        json["train"]!["batch_size"] = f.Int("batch_size");
        var optim = json["optim"]!.AsObject();
        optim["epochs"] = f.Int("epochs");
        optim["base_lr"] = f.Number("base_lr");
        optim["min_lr"] = f.Number("min_lr");
        optim["warmup_epochs"] = f.Number("warmup_epochs");
        optim["freeze_last_layer_epochs"] = f.Number("freeze_last_layer_epochs");
        optim["weight_decay"] = f.Number("weight_decay");
        optim["weight_decay_end"] = f.Number("weight_decay_end");
        var teacher = json["teacher"]!.AsObject();
        teacher["momentum_teacher"] = f.Number("momentum_teacher");
        teacher["final_momentum_teacher"] = f.Number("final_momentum_teacher");
        teacher["warmup_teacher_temp"] = f.Number("warmup_teacher_temp");
        teacher["teacher_temp"] = f.Number("teacher_temp");
        teacher["warmup_teacher_temp_epochs"] = f.Number("warmup_teacher_temp_epochs");
        var config = PretrainConfigLoader.ToConfig(json, "test");

        var s = TrainingSchedules.From(config);
        var n = config.TotalIterations;
        double[] Values(CosineSchedule sched) => Enumerable.Range(0, n).Select(i => sched[i]).ToArray();
        PretrainingFixture.AssertClose(Values(s.Lr), PretrainingFixture.Doubles(f.Root.GetProperty("lr")), "lr", 1e-12, 1e-9);
        PretrainingFixture.AssertClose(Values(s.LastLayerLr), PretrainingFixture.Doubles(f.Root.GetProperty("last_layer_lr")), "last layer lr", 1e-12, 1e-9);
        PretrainingFixture.AssertClose(Values(s.WeightDecay), PretrainingFixture.Doubles(f.Root.GetProperty("weight_decay_values")), "wd", 1e-12, 1e-9);
        PretrainingFixture.AssertClose(Values(s.Momentum), PretrainingFixture.Doubles(f.Root.GetProperty("momentum")), "momentum", 1e-12, 1e-9);
        PretrainingFixture.AssertClose(Values(s.TeacherTemp), PretrainingFixture.Doubles(f.Root.GetProperty("teacher_temp_values")), "teacher temp", 1e-12, 1e-9);
        Assert.AreEqual(1e-6, s.Lr[n + 5], "past the end: the final value");
    }

    [TestMethod]
    public void CosineScheduleRejectsWarmupLongerThanTheRun()
    {
        Assert.ThrowsExactly<ArgumentException>(() => new CosineSchedule(1, 0, 10, warmupIterations: 11));
    }
}
