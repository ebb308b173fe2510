using RedDino.Pretraining.Eval;

namespace RedDino.Pretraining.Tests.Eval;

[TestClass]
public sealed class RetrievalLogTests
{
    [TestMethod]
    public void ResumeKeepsTheRowsUpToItsCheckpoint()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"reddino-retrieval-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            var path = Path.Combine(folder, RetrievalLog.FileName);
            var log = new RetrievalLog(path, 0);
            foreach (var (it, top1) in new[] { (0L, 0.1), (5L, 0.2), (10L, 0.3) })
                log.Append(it, new RetrievalScore(top1, 1.0 / 7, 4, 0.5));
            Assert.AreEqual(RetrievalLog.Header, File.ReadLines(path).First());

            var resumed = new RetrievalLog(path, 5);
            Assert.IsTrue(resumed.Has(5));
            Assert.IsFalse(resumed.Has(10), "rows after the resumed checkpoint are dropped");
            resumed.Append(10, new RetrievalScore(0.4, 1.0 / 7, 4, 0.5));
            var rows = RetrievalLog.Read(path);
            CollectionAssert.AreEqual(new[] { 0L, 5L, 10L }, rows.Select(r => r.Iteration).ToArray());
            CollectionAssert.AreEqual(new[] { 0.1, 0.2, 0.4 }, rows.Select(r => r.Top1).ToArray());
            Assert.AreEqual(1.0 / 7, rows[0].Chance);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
