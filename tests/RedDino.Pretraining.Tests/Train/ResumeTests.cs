using RedDino.Pretraining.Eval;
using RedDino.Pretraining.Tests.Support;
using RedDino.Pretraining.Train;
using RedDino.Tests.Shared;

namespace RedDino.Pretraining.Tests.Train;

// Model init draws from LibTorch's global generator, which tests running in parallel would share.
[TestClass]
[DoNotParallelize]
public sealed class ResumeTests
{
    [TestMethod]
    public void ResumedRunReproducesTheUninterruptedLosses()
    {
        // Running-mean centering, KoLeo and drop path so every kind of state (centers, moments, RNG) must survive.
        var (json, config) = TinyTraining.Config("train.centering=centering", "dino.koleo_loss_weight=0.1", "train.torch_threads=1",
            "student.drop_path_rate=0.2");
        var root = RepoPaths.NewTempFolder();
        var straight = Path.Combine(root, "straight");
        var interrupted = Path.Combine(root, "interrupted");

        PretrainingRun.Run(new PretrainRunOptions(json, config, straight) { MaxIterations = 6 });
        var first = PretrainingRun.Run(new PretrainRunOptions(json, config, interrupted) { MaxIterations = 4 });
        Assert.AreEqual(4, first.EndIteration);
        var resumed = PretrainingRun.Run(new PretrainRunOptions(json, config, interrupted) { MaxIterations = 6, ResumeDir = interrupted });
        Assert.AreEqual(4, resumed.FirstIteration, "continues from the final checkpoint of the first part");

        var expected = LossLog.Read(Path.Combine(straight, PretrainingRun.LossLogFileName));
        var actual = LossLog.Read(Path.Combine(interrupted, PretrainingRun.LossLogFileName));
        CollectionAssert.AreEqual(expected.Keys.Order().ToList(), actual.Keys.Order().ToList(), "one row per iteration");
        for (var it = 0; it < 6; it++)
            for (var column = 0; column < 5; column++) // the loss columns
                Assert.AreEqual(expected[it][column], actual[it][column], $"iteration {it}, loss column {column}");

        CollectionAssert.AreEqual(File.ReadAllBytes(Path.Combine(straight, "checkpoints", "iter_0000006", "teacher.safetensors")),
            File.ReadAllBytes(Path.Combine(interrupted, "checkpoints", "iter_0000006", "teacher.safetensors")), "same final teacher");

        // The view-retrieval signal: measured at the start and at every checkpoint (3, and the final
        // ones), on the same held-out views, so the resumed run reports the same values.
        var straightRetrieval = RetrievalLog.Read(Path.Combine(straight, RetrievalLog.FileName)).ToDictionary(r => r.Iteration, r => r.Top1);
        var resumedRetrieval = RetrievalLog.Read(Path.Combine(interrupted, RetrievalLog.FileName)).ToDictionary(r => r.Iteration, r => r.Top1);
        CollectionAssert.AreEqual(new[] { 0L, 3L, 6L }, straightRetrieval.Keys.Order().ToArray());
        CollectionAssert.AreEqual(new[] { 0L, 3L, 4L, 6L }, resumedRetrieval.Keys.Order().ToArray(), "the first part's final checkpoint too");
        foreach (var it in straightRetrieval.Keys)
            Assert.AreEqual(straightRetrieval[it], resumedRetrieval[it], $"retrieval at iteration {it}");
        Directory.Delete(root, recursive: true);
    }

    [TestMethod]
    public void ResumeTakesTheNewestCompleteCheckpointWhateverLatestSays()
    {
        var (json, config) = TinyTraining.Config();
        var dir = RepoPaths.NewTempFolder();
        PretrainingRun.Run(new PretrainRunOptions(json, config, dir) { MaxIterations = 6, ExportOnnx = false });
        var checkpoints = Path.Combine(dir, Checkpoint.Folder);
        // latest left behind by a run killed before it could update it, and a newer checkpoint that lost a file.
        File.WriteAllText(Path.Combine(checkpoints, "latest"), "iter_0000003\n");
        var partial = Path.Combine(checkpoints, "iter_0000009");
        Directory.CreateDirectory(partial);
        foreach (var file in Directory.GetFiles(Path.Combine(checkpoints, "iter_0000006")))
            File.Copy(file, Path.Combine(partial, Path.GetFileName(file)));
        var state = Path.Combine(partial, "state.json");
        File.WriteAllText(state, File.ReadAllText(state).Replace("\"next_iteration\": 6", "\"next_iteration\": 9"));
        File.Delete(Path.Combine(partial, "optimizer.safetensors"));

        var notes = new List<string>();
        var resumed = PretrainingRun.Run(new PretrainRunOptions(json, config, dir) { MaxIterations = 7, ResumeDir = dir, ExportOnnx = false, Notice = notes.Add });
        Assert.AreEqual(6, resumed.FirstIteration, "the newest complete checkpoint, not the stale latest (3) nor the partial one (9)");
        Assert.IsTrue(notes.Any(n => n.Contains("iter_0000009") && n.Contains("optimizer.safetensors missing")), string.Join("\n", notes));
        Assert.IsTrue(notes.Any(n => n.Contains("names iter_0000003")), string.Join("\n", notes));
    }

    [TestMethod]
    public void ResumeRefusesAnotherConfiguration()
    {
        var (json, config) = TinyTraining.Config();
        var dir = RepoPaths.NewTempFolder();
        PretrainingRun.Run(new PretrainRunOptions(json, config, dir) { MaxIterations = 1 });
        var (otherJson, other) = TinyTraining.Config("dino.koleo_loss_weight=0.1");
        var e = Assert.ThrowsExactly<InvalidDataException>(() =>
            PretrainingRun.Run(new PretrainRunOptions(otherJson, other, dir) { MaxIterations = 2, ResumeDir = dir }));
        StringAssert.Contains(e.Message, "'dino.koleo_loss_weight'");
    }

    [TestMethod]
    public void CheckpointsUseTheDinoV2TrainingKeyNames()
    {
        var (json, config) = TinyTraining.Config();
        var dir = RepoPaths.NewTempFolder();
        var result = PretrainingRun.Run(new PretrainRunOptions(json, config, dir) { MaxIterations = 1 });
        var teacher = SafetensorsFile.Read(Path.Combine(result.Checkpoint!, "teacher.safetensors"));
        try
        {
            Assert.IsTrue(teacher.ContainsKey("backbone.blocks.0.attn.qkv.weight"));
            Assert.IsTrue(teacher.ContainsKey("backbone.mask_token"));
            Assert.IsTrue(teacher.ContainsKey("dino_head.last_layer.weight_g"));
            Assert.IsTrue(teacher.Keys.All(k => k.StartsWith("backbone.", StringComparison.Ordinal) || k.StartsWith("dino_head.", StringComparison.Ordinal)));
        }
        finally
        {
            foreach (var t in teacher.Values) t.Dispose();
        }
        // The backbone importer reads it, and so does the run's own init.
        var (json2, config2) = TinyTraining.Config($"student.pretrained_weights={Path.Combine(result.Checkpoint!, "teacher.safetensors")}");
        PretrainingRun.Run(new PretrainRunOptions(json2, config2, RepoPaths.NewTempFolder()) { MaxIterations = 1 });
    }
}
