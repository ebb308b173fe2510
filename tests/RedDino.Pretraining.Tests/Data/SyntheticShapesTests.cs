using RedDino.Pretraining.Config;
using RedDino.Pretraining.Data.Sources;
using RedDino.Tests.Shared;

namespace RedDino.Pretraining.Tests.Data;

/// <summary>The synthetic-shapes source of the known-positive check: rendered areas against the
/// analytic areas of the shapes, pure colours away from the outline, the drawn ranges, determinism,
/// the labelled set on disk and the data source a configuration opens.</summary>
[TestClass]
public sealed class SyntheticShapesTests
{
    [TestMethod]
    public void RenderedAreaMatchesTheAnalyticAreaAtAnyAngle()
    {
        // Circumradius 40 px in a 100 px image: the 4 x 4 supersampled coverage sums to the area
        // within 0.5% (the error is on the outline only, about its length / 16 / 2 pixels).
        for (var shape = 0; shape < SyntheticShapes.Names.Count; shape++)
            foreach (var angle in new[] { 0.0, 0.3, 1.1, 2.7 })
            {
                var spec = new ShapeSpec(shape, 50.2, 49.7, 40, angle, [255, 255, 255], [0, 0, 0]);
                var area = SyntheticShapes.Coverage(spec, 100).Sum();
                var expected = SyntheticShapes.UnitArea(shape) * 40 * 40;
                Assert.IsLessThanOrEqualTo(0.005 * expected, Math.Abs(area - expected),
                    $"{SyntheticShapes.Names[shape]} at {angle} rad: area {area:F1}, expected {expected:F1}");
            }
    }

    [TestMethod]
    public void PixelsAwayFromTheOutlineHaveThePureColours()
    {
        var spec = new ShapeSpec(0, 32.3, 32.5, 20, 0, [200, 10, 30], [5, 90, 250]);
        var image = SyntheticShapes.Render(spec, 64);
        var centre = (32 * 64 + 32) * 3;
        CollectionAssert.AreEqual(new byte[] { 200, 10, 30 }, image.Pixels[centre..(centre + 3)], "centre");
        CollectionAssert.AreEqual(new byte[] { 5, 90, 250 }, image.Pixels[0..3], "corner");
        // a pixel straddling the outline mixes the two (the circle crosses row 32 at x = 52.3)
        var edge = image.Pixels[((32 * 64) + 52) * 3];
        Assert.IsTrue(edge is > 5 and < 200, $"edge pixel {edge} should mix the colours");
    }

    [TestMethod]
    public void DrawsStayInTheirRangesAndEveryClassAppears()
    {
        var seen = new int[SyntheticShapes.Names.Count];
        for (var i = 0; i < 500; i++)
        {
            var s = SyntheticShapes.Draw(3, i, 64);
            seen[s.Shape]++;
            Assert.IsTrue(s.Radius >= 0.2 * 64 && s.Radius <= 0.4 * 64, $"image {i}: radius {s.Radius}");
            Assert.IsTrue(s.CentreX >= s.Radius && s.CentreX <= 64 - s.Radius && s.CentreY >= s.Radius && s.CentreY <= 64 - s.Radius,
                $"image {i}: the circumcircle leaves the image");
            var contrast = Enumerable.Range(0, 3).Sum(c => Math.Abs(s.Foreground[c] - s.Background[c]));
            Assert.IsGreaterThanOrEqualTo(3 * 48, contrast, $"image {i}: colours too close");
        }
        Assert.IsTrue(seen.All(n => n > 60), $"class counts {string.Join(",", seen)}");
    }

    [TestMethod]
    public void AnImageDependsOnlyOnSeedAndIndex()
    {
        var a = SyntheticShapes.Render(SyntheticShapes.Draw(7, 12, 48), 48).Pixels;
        var b = SyntheticShapes.Render(SyntheticShapes.Draw(7, 12, 48), 48).Pixels;
        CollectionAssert.AreEqual(a, b);
        CollectionAssert.AreNotEqual(a, SyntheticShapes.Render(SyntheticShapes.Draw(8, 12, 48), 48).Pixels);
        CollectionAssert.AreNotEqual(a, SyntheticShapes.Render(SyntheticShapes.Draw(7, 13, 48), 48).Pixels);
    }

    [TestMethod]
    public void TheLabelledSetWritesPngsAndTheirClasses()
    {
        var folder = RepoPaths.NewTempFolder();
        try
        {
            var manifest = SyntheticShapeSet.Write(folder, 12, 5, 32);
            Assert.AreEqual(12, manifest.Rows.Count);
            for (var i = 0; i < 12; i++)
            {
                var row = manifest.Rows[i];
                var spec = SyntheticShapes.Draw(5, i, 32);
                Assert.AreEqual(SyntheticShapes.Names[spec.Shape], row.Label);
                var decoded = RedDino.Formats.Imaging.ImageDecoder.DecodeFile(Path.Combine(folder, row.Path));
                CollectionAssert.AreEqual(SyntheticShapes.Render(spec, 32).Pixels, decoded.Pixels, $"row {i + 1}: PNG is not lossless");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void TheConfiguredSourceDrawsItsImages()
    {
        var (_, config) = PretrainConfigLoader.Load(null, ["data.source=synthetic_shapes", "data.synthetic_count=30", "data.synthetic_size=40", "data.synthetic_seed=2"]);
        var images = TrainingImages.Open(config.Data);
        Assert.AreEqual(30, images.Count);
        var m = images.Load(4);
        Assert.AreEqual(40, m.Width);
        CollectionAssert.AreEqual(SyntheticShapes.Render(SyntheticShapes.Draw(2, 4, 40), 40).Pixels, m.Pixels);
        var e = Assert.ThrowsExactly<InvalidDataException>(() => PretrainConfigLoader.Load(null, ["data.source=synthetic_shapes", "data.synthetic_count=0"]));
        StringAssert.Contains(e.Message, "data.synthetic_count");
    }
}
