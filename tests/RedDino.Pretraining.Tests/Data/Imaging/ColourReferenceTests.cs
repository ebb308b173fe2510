using RedDino.Pretraining.Data.Imaging;

namespace RedDino.Pretraining.Tests.Data.Imaging;

/// <summary>Colour conversions, histogram operations, blending, the JPEG round trip and FancyPCA's
/// eigen decomposition against OpenCV 4.6 (fixtures from make_augmentation_fixtures.py): random
/// colours with greys, primaries and extremes, and a real cell crop.</summary>
[TestClass]
public sealed class ColourReferenceTests
{
    private static Raster Colours => AugmentFixtures.Image("colours");

    private static Raster Cell => AugmentFixtures.Image("cell");

    [TestMethod]
    public void IntegerConversionsAreExact()
    {
        ReferenceAssert.Bytes("rgb2gray", GrayConversion.RgbToGray(Colours));
        ReferenceAssert.Bytes("rgb2hsv", HsvConversion.RgbToHsv(Colours));
        ReferenceAssert.Bytes("rgb2hls", HlsConversion.RgbToHls(Colours));
        ReferenceAssert.Bytes("hls2rgb", HlsConversion.HlsToRgb(AugmentFixtures.Image("hsv_in")));
    }

    [TestMethod]
    public void FloatRoundTripsAreWithinOneLevel()
    {
        // HSV -> RGB truncates as OpenCV's vectorised path; Lab uses OpenCV's integer forward path
        // (its cube root differs in a few last bits) and float for the inverse, where OpenCV has
        // fixed-point tables of its own.
        ReferenceAssert.Bytes("hsv2rgb", HsvConversion.HsvToRgb(AugmentFixtures.Image("hsv_in")), maxAbs: 1, maxFraction: 0.001);
        ReferenceAssert.Bytes("rgb2lab", LabConversion.RgbToLab(Colours), maxAbs: 1, maxFraction: 0.005);
        ReferenceAssert.Bytes("lab2rgb", LabConversion.LabToRgb(Colours), maxAbs: 1, maxFraction: 0.05);
    }

    [TestMethod]
    public void FloatHlsMatches()
    {
        var rgb = Colours.Data.Select(v => (float)(v * (1.0 / 255.0))).ToArray();
        var hls = new float[rgb.Length];
        HlsConversion.RgbToHls(rgb, hls);
        ReferenceAssert.Floats("rgb2hls_f32", hls, 1e-4); // hue in degrees: float rounding of values up to 360
        var back = new float[rgb.Length];
        HlsConversion.HlsToRgb(AugmentFixtures.Floats("rgb2hls_f32"), back);
        ReferenceAssert.Floats("hls2rgb_f32", back, 1e-6);
    }

    [TestMethod]
    public void BlendAndEqualizeAreExact()
    {
        ReferenceAssert.Bytes("add_weighted", Blend.Weighted(Cell, 0.3, Transforms2D.FlipVertical(Cell), 0.7));
        var equalized = Cell;
        for (var c = 0; c < 3; c++)
            equalized = equalized.WithChannel(c, Histogram.Equalize(Cell.Channel(c)));
        ReferenceAssert.Bytes("equalize", equalized);
    }

    [TestMethod]
    public void ClaheIsExactOnOneChannelAndWithinOneLevelThroughLab()
    {
        foreach (var clip in new[] { "1.5", "4.0" })
        {
            var limit = double.Parse(clip, System.Globalization.CultureInfo.InvariantCulture);
            ReferenceAssert.Bytes($"clahe_gray_c{clip}", Clahe.Apply(GrayConversion.RgbToGray(Cell), limit));
            var lab = LabConversion.RgbToLab(Cell);
            var result = LabConversion.LabToRgb(lab.WithChannel(0, Clahe.Apply(lab.Channel(0), limit)));
            ReferenceAssert.Bytes($"clahe_rgb_c{clip}", result, maxAbs: 1, maxFraction: 0.05);
        }
        // 120 x 100: the width divides by 8 and the height does not, so OpenCV pads a whole extra tile column.
        ReferenceAssert.Bytes("clahe_gray_big_c4.0", Clahe.Apply(GrayConversion.RgbToGray(AugmentFixtures.Image("cell100x120")), 4.0));
    }

    [TestMethod]
    [DataRow(99)]
    [DataRow(100)]
    public void JpegRoundTripMatchesOpenCv(int quality)
    {
        // Both sides are libjpeg-turbo with 4:2:0 subsampling (measured: identical); one level
        // allows another build of the codec.
        var decoded = JpegRoundTrip.Apply(AugmentFixtures.Image("cell100x120").ToRgb(), quality);
        ReferenceAssert.Bytes($"jpeg_q{quality}", decoded, maxAbs: 1, maxFraction: 0.05);
    }

    [TestMethod]
    public void EigenDecompositionMatchesUpToSign()
    {
        var flat = AugmentFixtures.Doubles("eigen_cov");
        var cov = new double[3, 3];
        Buffer.BlockCopy(flat, 0, cov, 0, flat.Length * sizeof(double));
        var (values, vectors) = SymmetricEigen.Decompose(cov);
        var expectedValues = AugmentFixtures.Doubles("eigen_values");
        var expectedVectors = AugmentFixtures.Doubles("eigen_vectors");
        for (var j = 0; j < 3; j++)
        {
            Assert.AreEqual(expectedValues[j], values[j], 1e-12 + 1e-9 * Math.Abs(expectedValues[j]), $"eigenvalue {j}");
            // An eigenvector's sign is arbitrary: compare with the sign that fits.
            var dot = Enumerable.Range(0, 3).Sum(c => vectors[j, c] * expectedVectors[3 * j + c]);
            for (var c = 0; c < 3; c++)
                Assert.AreEqual(expectedVectors[3 * j + c], Math.Sign(dot) * vectors[j, c], 1e-9, $"eigenvector {j}[{c}]");
        }
    }
}
