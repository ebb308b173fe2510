using RedDino.Pretraining.Data.Imaging;

namespace RedDino.Pretraining.Tests.Data.Imaging;

/// <summary>Comparisons with the OpenCV fixtures under a stated tolerance: every value within
/// <c>maxAbs</c> grey levels, and at most <c>maxFraction</c> of the values different at all.</summary>
internal static class ReferenceAssert
{
    public static void Bytes(string fixture, Raster actual, int maxAbs = 0, double maxFraction = 0)
    {
        var expected = AugmentFixtures.Image(fixture);
        Assert.AreEqual((expected.Width, expected.Height, expected.Channels), (actual.Width, actual.Height, actual.Channels), $"{fixture}: shape");
        var different = 0;
        for (var i = 0; i < expected.Data.Length; i++)
        {
            var d = Math.Abs(expected.Data[i] - actual.Data[i]);
            if (d > maxAbs)
            {
                var pixel = i / expected.Channels;
                Assert.Fail($"{fixture}: |{actual.Data[i]} - {expected.Data[i]}| > {maxAbs} at x {pixel % expected.Width}, y {pixel / expected.Width}, channel {i % expected.Channels}");
            }
            if (d > 0) different++;
        }
        var fraction = different / (double)expected.Data.Length;
        Assert.IsLessThanOrEqualTo(maxFraction, fraction, $"{fixture}: {different} of {expected.Data.Length} values differ");
    }

    public static void Floats(string fixture, ReadOnlySpan<float> actual, double maxAbs)
    {
        var expected = AugmentFixtures.Floats(fixture);
        Assert.AreEqual(expected.Length, actual.Length, $"{fixture}: length");
        for (var i = 0; i < expected.Length; i++)
            Assert.IsLessThanOrEqualTo(maxAbs, Math.Abs(expected[i] - actual[i]), $"{fixture}[{i}]: {actual[i]} vs {expected[i]}");
    }
}
