using System.Text.Json;
using RedDino.Pretraining.Data;
using RedDino.Pretraining.Tests.Support;

namespace RedDino.Pretraining.Tests.Data;

[TestClass]
public sealed class MaskingTests
{
    private static readonly PretrainingFixture F = PretrainingFixture.Load("masks.json");

    private sealed class Replay(double[] values) : IUniformSource
    {
        public int Position { get; private set; }
        public double NextDouble() => values[Position++];
    }

    [TestMethod]
    public void BatchMasksMatchTheReferenceDrawForDraw()
    {
        foreach (var c in F.Root.GetProperty("cases").EnumerateArray())
        {
            var grid = c.GetProperty("grid").GetInt32();
            var images = c.GetProperty("n_images").GetInt32();
            var replay = new Replay(PretrainingFixture.Doubles(c.GetProperty("uniforms")));
            var batch = BatchMasks.Generate(images, new MaskingGenerator(grid), replay);
            Assert.AreEqual(c.GetProperty("used").GetInt32(), replay.Position, $"grid {grid}: uniforms consumed");
            Assert.AreEqual(c.GetProperty("upperbound").GetInt32(), batch.UpperBound);
            var expected = c.GetProperty("masks").EnumerateArray().Select(row => row.EnumerateArray().Select(v => v.GetInt32() == 1).ToArray()).ToArray();
            for (var i = 0; i < images; i++)
                CollectionAssert.AreEqual(expected[i], batch.Masks[i], $"grid {grid}, image {i}");
        }
    }

    [TestMethod]
    public void HalfTheImagesAreMaskedWithRatiosInRange()
    {
        var batch = BatchMasks.Generate(16, new MaskingGenerator(16), SampleRandom.For(3, 1));
        var counts = batch.Masks.Select(m => m.Count(x => x)).ToArray();
        Assert.AreEqual(8, counts.Count(n => n == 0), "int(16 * 0.5) images unmasked");
        foreach (var n in counts.Where(n => n > 0))
            Assert.IsTrue(n >= (int)(256 * 0.1) && n <= 256 * 0.5 + 128, $"{n} masked patches");
    }

    [TestMethod]
    public void MaskedCountsHaveTheReferenceStatistics()
    {
        // The Python generator with Python's RNG vs this generator with its own RNG: means agree
        // within 4 standard errors of the difference (2000 masks each).
        var generator = new MaskingGenerator(16, maxPatchesPerBlock: 128);
        var rng = SampleRandom.For(51);
        foreach (var s in F.Root.GetProperty("statistics").EnumerateArray())
        {
            var target = s.GetProperty("target").GetInt32();
            var n = s.GetProperty("n").GetInt32();
            var counts = Enumerable.Range(0, n).Select(_ => (double)generator.Generate(target, rng).Count(x => x)).ToArray();
            var mean = counts.Average();
            var std = Math.Sqrt(counts.Select(x => (x - mean) * (x - mean)).Average());
            var se = Math.Sqrt((std * std + Math.Pow(s.GetProperty("std").GetDouble(), 2)) / n);
            Assert.IsTrue(Math.Abs(mean - s.GetProperty("mean").GetDouble()) <= 4 * se + 1e-9,
                $"target {target}: mean {mean} vs {s.GetProperty("mean").GetDouble()} (se {se})");
            Assert.IsTrue(counts.All(x => x >= 0 && x <= target + 127), "never far past the target");
        }
    }
}
