using RedDino.Pretraining.Data.Imaging;
using RedDino.Pretraining.Data.Sources;

namespace RedDino.Pretraining.Tests.Data.Imaging;

/// <summary>The smear_cells detection steps against OpenCV 4.6 on a noisy synthetic smear (discs,
/// a ring with a dot inside, a clump, a speck, a disc cut by the border): Otsu's threshold, the
/// opening, and findContours(RETR_EXTERNAL) with contourArea, boundingRect and moments.</summary>
[TestClass]
public sealed class SmearCellsReferenceTests
{
    [TestMethod]
    public void ThresholdOpeningAndContoursMatch()
    {
        var smear = AugmentFixtures.Image("smear");
        var blurred = Blurs.Gaussian(smear.Channel(1), 5, 0);
        var threshold = Histogram.OtsuThreshold(blurred.Data);
        Assert.AreEqual(AugmentFixtures.Case("smear_otsu").GetProperty("threshold").GetDouble(), threshold);
        var mask = Histogram.BinaryInverse(blurred, threshold);
        ReferenceAssert.Bytes("smear_otsu", mask);
        var opened = Morphology.Open(mask, Morphology.Ellipse(5, 5));
        ReferenceAssert.Bytes("smear_opened", opened);

        var expected = AugmentFixtures.Case("smear_contours").GetProperty("contours").EnumerateArray()
            .Select(c =>
            {
                var box = c.GetProperty("box").EnumerateArray().Select(v => v.GetInt32()).ToArray();
                var centroid = c.GetProperty("centroid").EnumerateArray().Select(v => v.GetDouble()).ToArray();
                return new Blob(c.GetProperty("area").GetDouble(), box[0], box[1], box[2], box[3], centroid[0], centroid[1]);
            })
            .OrderBy(b => (b.Top, b.Left)).ToList();
        var actual = Blobs.Outer(opened).OrderBy(b => (b.Top, b.Left)).ToList();
        Assert.HasCount(expected.Count, actual);
        foreach (var (e, a) in expected.Zip(actual))
        {
            Assert.AreEqual((e.Left, e.Top, e.Width, e.Height), (a.Left, a.Top, a.Width, a.Height), "bounding box");
            Assert.AreEqual(e.Area, a.Area, 1e-9, $"area of the blob at {e.Left},{e.Top}");
            Assert.AreEqual(e.CentroidX, a.CentroidX, 1e-9, "centroid x");
            Assert.AreEqual(e.CentroidY, a.CentroidY, 1e-9, "centroid y");
        }
    }

    [TestMethod]
    public void DetectKeepsCellsOfTheAreaRangeAwayFromTheBorder()
    {
        // The discs (area 570), the ring (748, its hole filled) and the clump (801) but not the
        // disc cut by the border (247 px, touching it).
        var found = SmearCells.Detect(AugmentFixtures.Image("smear").ToRgb(), 500, 760);
        CollectionAssert.AreEquivalent(new[] { (40, 90), (110, 85), (90, 35), (150, 30), (30, 30) }, found);
    }
}
