using System.Text.Json.Nodes;
using RedDino.Pretraining.Config;
using RedDino.Pretraining.Train;
using RedDino.Tests.Shared;

namespace RedDino.Pretraining.Tests.Train;

[TestClass]
public sealed class ResumeCheckTests
{
    [TestMethod]
    public void ARunFromBeforeTheRetrievalSignalResumesOnlyWithoutHoldingOutOfItsSource()
    {
        var dir = RepoPaths.NewTempFolder();
        try
        {
            // The config.json of a run written before the "eval" group existed.
            var (old, _) = PretrainConfigLoader.Load(null, ["data.images=smears"]);
            old.Remove("eval");
            File.WriteAllText(Path.Combine(dir, PretrainingRun.ConfigFileName), "{ \"kind\": \"pretrain\", " + old.ToJsonString()[1..]);

            var (holdOut, _) = PretrainConfigLoader.Load(null, ["data.images=smears"]);
            var e = Assert.ThrowsExactly<InvalidDataException>(() => ResumeCheck.SameConfiguration(dir, holdOut));
            StringAssert.Contains(e.Message, "eval.retrieval_images=0");

            var (off, _) = PretrainConfigLoader.Load(null, ["data.images=smears", "eval.retrieval_images=0"]);
            ResumeCheck.SameConfiguration(dir, off);
            var (manifest, _) = PretrainConfigLoader.Load(null, ["data.images=smears", "eval.retrieval_manifest=cells.csv"]);
            ResumeCheck.SameConfiguration(dir, manifest);

            // A run that has the group must keep it.
            var (current, _) = PretrainConfigLoader.Load(null, ["data.images=smears"]);
            PretrainConfigLoader.WriteMerged(current, Path.Combine(dir, PretrainingRun.ConfigFileName));
            var changed = Assert.ThrowsExactly<InvalidDataException>(() => ResumeCheck.SameConfiguration(dir, off));
            StringAssert.Contains(changed.Message, "'eval.retrieval_images'");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
