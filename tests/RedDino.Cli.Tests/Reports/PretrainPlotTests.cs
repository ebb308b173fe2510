using RedDino.Cli.Reports;
using RedDino.Pretraining.Eval;
using RedDino.Pretraining.Train;
using RedDino.Tests.Shared;

namespace RedDino.Cli.Tests.Reports;

[TestClass]
public sealed class PretrainPlotTests
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static void WriteLosses(string folder, int rows)
    {
        var lines = new List<string> { LossLog.Header };
        for (var i = 0; i < rows; i++)
            lines.Add(FormattableString.Invariant($"{i},{7.0 - i * 0.01},{3.0 - i * 0.005},{2.0},{2.0 - i * 0.005},0,0.001,0.04,0.99,0.04,5,6,0.1,10,1.0,16"));
        File.WriteAllLines(Path.Combine(folder, PretrainingRun.LossLogFileName), lines);
    }

    [TestMethod]
    public void PlotsLossesAndRetrievalIntoTheRunFolder()
    {
        var folder = RepoPaths.NewTempFolder();
        try
        {
            WriteLosses(folder, 300);
            var log = new RetrievalLog(Path.Combine(folder, RetrievalLog.FileName), 0);
            foreach (var (it, top1) in new[] { (0L, 0.05), (100L, 0.2), (200L, 0.35), (300L, 0.5) })
                log.Append(it, new RetrievalScore(top1, 1.0 / 511, 256, 3));

            var model = PretrainPlot.Model(PretrainPlot.ReadColumns(Path.Combine(folder, PretrainingRun.LossLogFileName)),
                RetrievalLog.Read(Path.Combine(folder, RetrievalLog.FileName)));
            var titles = model.Series.Select(s => s.Name).ToList();
            CollectionAssert.AreEqual(new[] { "total", "DINO global", "DINO local", "iBOT", "view retrieval top-1 (teacher, held-out images)", "chance" }, titles,
                "KoLeo, all 0 here, is left out");
            Assert.IsTrue(model.Series.Skip(4).All(s => s.RightAxis), "retrieval on the right axis");
            Assert.AreEqual((0, 0.625), model.RightRange, "from 0 to 1.25 x the best retrieval");

            var path = PretrainPlot.Write(folder);
            Assert.AreEqual(Path.Combine(folder, PretrainPlot.FileName), path);
            CollectionAssert.AreEqual(PngSignature, File.ReadAllBytes(path!).Take(8).ToArray());
            Assert.IsFalse(File.Exists(path + ".tmp"), "written atomically");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void WithoutRetrievalOnlyTheLossesAndABadRowIsNamed()
    {
        var folder = RepoPaths.NewTempFolder();
        try
        {
            WriteLosses(folder, 5);
            Assert.IsNotNull(PretrainPlot.Write(folder));
            File.AppendAllText(Path.Combine(folder, PretrainingRun.LossLogFileName), "six,1,2\n");
            var e = Assert.ThrowsExactly<InvalidDataException>(() => PretrainPlot.Write(folder));
            StringAssert.Contains(e.Message, "row 6");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
