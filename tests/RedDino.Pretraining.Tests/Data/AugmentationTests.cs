using RedDino.Formats.Imaging;
using RedDino.Pretraining.Data;
using RedDino.Pretraining.Data.Augment;
using RedDino.Pretraining.Data.Augment.Rbc;
using static RedDino.Pretraining.Tests.Data.ImageTestHelpers;

namespace RedDino.Pretraining.Tests.Data;

/// <summary>Property tests of every RBC transform: size kept, the input untouched, the same
/// output for the same seed, and what each one must do.</summary>
[TestClass]
public sealed class AugmentationTests
{
    public static IEnumerable<object[]> AllTransforms => RbcTransforms.Names.Select(n => new object[] { n });

    private static RgbImage Apply(string name, RgbImage input, long seed = 1) => RbcTransforms.Get(name).Apply(input, SampleRandom.For(seed, 99));

    [TestMethod]
    [DynamicData(nameof(AllTransforms))]
    public void KeepsShapeAndInputAndIsDeterministicUnderASeed(string name)
    {
        var input = Cell;
        var before = (byte[])input.Pixels.Clone();
        var a = Apply(name, input);
        var b = Apply(name, input);
        Assert.AreEqual((input.Width, input.Height), (a.Width, a.Height), name);
        CollectionAssert.AreEqual(before, input.Pixels, $"{name} modified its input");
        CollectionAssert.AreEqual(a.Pixels, b.Pixels, $"{name} differs under the same seed");
        Assert.AreEqual(33, RbcTransforms.Names.Count);
    }

    [TestMethod]
    public void SomeSeedsGiveDifferentOutputsForRandomTransforms()
    {
        string[] deterministic = ["invert", "solarize", "posterize", "equalize", "downscale"];
        foreach (var name in RbcTransforms.Names.Except(deterministic))
        {
            var outputs = Enumerable.Range(0, 6).Select(seed => Hash(name, seed)).ToHashSet();
            Assert.IsGreaterThan(1, outputs.Count, $"{name} ignores its random draws");
        }
    }

    // On the full 224 px image: on small ones CLAHE's clip limit rounds to the same value.
    private static string Hash(string name, long seed) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Apply(name, FullCell, seed).Pixels));

    [TestMethod]
    public void InvertTwiceIsIdentity()
    {
        var once = Apply("invert", Cell);
        var twice = Apply("invert", once);
        CollectionAssert.AreEqual(Cell.Pixels, twice.Pixels);
        Assert.IsTrue(once.Pixels.Zip(Cell.Pixels).All(p => p.First == 255 - p.Second));
    }

    [TestMethod]
    public void SolarizeInvertsOnlyFromTheThresholdUp()
    {
        foreach (var (o, i) in Apply("solarize", Cell).Pixels.Zip(Cell.Pixels))
            Assert.AreEqual(i >= 128 ? 255 - i : i, (int)o);
    }

    [TestMethod]
    public void PosterizeKeepsTheFourHighBits()
    {
        foreach (var (o, i) in Apply("posterize", Cell).Pixels.Zip(Cell.Pixels))
            Assert.AreEqual(i & 0xF0, (int)o);
    }

    [TestMethod]
    public void ChannelShuffleIsAPermutationAndDropoutZeroesOneChannel()
    {
        var channels = Channels(Cell);
        for (var seed = 0; seed < 6; seed++)
        {
            var outCh = Channels(Apply("channel_shuffle", Cell, seed));
            var matched = outCh.Select(o => channels.FindIndex(c => c.SequenceEqual(o))).ToArray();
            CollectionAssert.AreEquivalent(new[] { 0, 1, 2 }, matched, "each output channel is a distinct input channel");

            var d = Channels(Apply("channel_dropout", Cell, seed));
            Assert.AreEqual(1, d.Count(c => c.All(v => v == 0)), "exactly one channel dropped");
            Assert.AreEqual(2, Enumerable.Range(0, 3).Count(k => d[k].SequenceEqual(channels[k])), "the others unchanged");
        }
    }

    [TestMethod]
    [DataRow("random_brightness_contrast")]
    [DataRow("multiplicative_noise")]
    [DataRow("random_gamma")]
    [DataRow("random_tone_curve")]
    [DataRow("rgb_shift")]
    [DataRow("fancy_pca")]
    [DataRow("equalize")]
    [DataRow("posterize")]
    public void ValueMapsAreMonotonePerChannel(string name)
    {
        for (var seed = 0; seed < 4; seed++)
        {
            var input = Channels(Cell);
            var mapped = Channels(Apply(name, Cell, seed));
            for (var c = 0; c < 3; c++)
            {
                // One output value per input value, never decreasing with it.
                var map = new Dictionary<byte, byte>();
                for (var i = 0; i < input[c].Length; i++)
                {
                    if (map.TryGetValue(input[c][i], out var o)) Assert.AreEqual(o, mapped[c][i], $"{name}: not a per-value map");
                    else map[input[c][i]] = mapped[c][i];
                }
                var ordered = map.OrderBy(kv => kv.Key).Select(kv => kv.Value).ToArray();
                for (var k = 1; k < ordered.Length; k++)
                    Assert.IsGreaterThanOrEqualTo(ordered[k - 1], ordered[k], $"{name}: channel {c} not monotone");
            }
        }
    }

    [TestMethod]
    [DataRow("blur")]
    [DataRow("gaussian_blur")]
    [DataRow("median_blur")]
    [DataRow("motion_blur")]
    [DataRow("defocus")]
    [DataRow("glass_blur")]
    [DataRow("ringing_overshoot")]
    [DataRow("emboss")]
    [DataRow("downscale")]
    [DataRow("image_compression")]
    public void FiltersKeepAFlatImageFlat(string name)
    {
        var output = Apply(name, Flat(48, 48, 180, 90, 140));
        for (var i = 0; i < output.Pixels.Length; i++)
            Assert.IsLessThanOrEqualTo(1, Math.Abs(output.Pixels[i] - new[] { 180, 90, 140 }[i % 3]), $"{name} at {i}");
    }

    [TestMethod]
    public void BlursSmoothAndNoiseRoughens()
    {
        var r0 = Roughness(Cell);
        foreach (var name in new[] { "blur", "gaussian_blur", "median_blur", "defocus" })
            Assert.IsLessThan(r0, Roughness(Apply(name, Cell)), $"{name} should smooth");
        foreach (var name in new[] { "gauss_noise", "iso_noise", "sharpen" })
            Assert.IsGreaterThan(r0, Roughness(Apply(name, Cell)), $"{name} should roughen");
    }

    [TestMethod]
    public void DownscaleIsBlockwiseConstant()
    {
        var bytes = Apply("downscale", Cell).Pixels;
        for (var y = 0; y < 96; y++)
            for (var x = 0; x < 96; x++)
                for (var c = 0; c < 3; c++)
                    Assert.AreEqual(bytes[((y / 4 * 4) * 96 + x / 4 * 4) * 3 + c], bytes[(y * 96 + x) * 3 + c]);
    }

    [TestMethod]
    public void WeatherEffectsMoveBrightnessTheRightWay()
    {
        var dark = Flat(96, 96, 60, 40, 50);
        foreach (var seed in new long[] { 1, 2, 3 })
        {
            Assert.IsGreaterThan(Mean(dark), Mean(Apply("random_snow", dark, seed)), "snow brightens dark pixels");
            Assert.IsGreaterThan(Mean(dark), Mean(Apply("random_sun_flare", dark, seed)), "a flare adds light");
            Assert.IsGreaterThan(Mean(dark), Mean(Apply("random_fog", dark, seed)), "fog adds white");
            Assert.AreNotEqual(Mean(dark), Mean(Apply("random_rain", dark, seed)));
            Assert.IsLessThan(Mean(Cell), Mean(Apply("random_shadow", Cell, seed)), "a shadow darkens");
        }
    }

    [TestMethod]
    public void GeometryRoundTripsAndCropSizes()
    {
        var input = Cell;
        var m = input;
        for (var i = 0; i < 4; i++) m = Geometry.Rotate90(m, 1);
        CollectionAssert.AreEqual(input.Pixels, m.Pixels, "four quarter turns");
        CollectionAssert.AreEqual(Geometry.Rotate90(input, 2).Pixels, Geometry.VerticalFlip(Geometry.HorizontalFlip(input)).Pixels, "a half turn is both flips");
        m = Geometry.VerticalFlip(Geometry.VerticalFlip(Geometry.HorizontalFlip(Geometry.HorizontalFlip(m))));
        CollectionAssert.AreEqual(input.Pixels, m.Pixels, "flips twice");
        for (var seed = 0; seed < 20; seed++)
        {
            var box = Geometry.CropBox(96, 80, (0.32, 1.0), Geometry.DefaultRatio, SampleRandom.For(seed));
            Assert.IsTrue(box.X >= 0 && box.Y >= 0 && box.X + box.Width <= 96 && box.Y + box.Height <= 80, box.ToString());
            var area = box.Width * box.Height / (96.0 * 80);
            Assert.IsTrue(area >= 0.3 && area <= 1.0, $"area {area}");
            var crop = Geometry.RandomResizedCrop(input, 56, (0.32, 1.0), SampleRandom.For(seed));
            Assert.AreEqual((56, 56), (crop.Width, crop.Height));
        }
    }

    [TestMethod]
    public void QuarterTurnIsCounterClockwise()
    {
        // [2 x 3]: numpy.rot90 of [[1, 2, 3], [4, 5, 6]] is [[3, 6], [2, 5], [1, 4]].
        var image = new RgbImage(3, 2, Enumerable.Range(1, 6).SelectMany(v => new[] { (byte)v, (byte)0, (byte)0 }).ToArray());
        var turned = Geometry.Rotate90(image, 1);
        Assert.AreEqual((2, 3), (turned.Width, turned.Height));
        CollectionAssert.AreEqual(new byte[] { 3, 6, 2, 5, 1, 4 }, turned.Pixels.Where((_, i) => i % 3 == 0).ToArray());
    }

    [TestMethod]
    public void Dinov2PipelineIsDeterministicAndGrayscaleIsGray()
    {
        var pipeline = new Dinov2Pipeline();
        for (var seed = 0; seed < 5; seed++)
        {
            var a = pipeline.Apply(Cell, CropKind.Global(1), SampleRandom.For(seed));
            var b = pipeline.Apply(Cell, CropKind.Global(1), SampleRandom.For(seed));
            CollectionAssert.AreEqual(a.Pixels, b.Pixels);
        }
        var ch = Channels(Dinov2Pipeline.Grayscale(Cell));
        CollectionAssert.AreEqual(ch[0], ch[1]);
        CollectionAssert.AreEqual(ch[1], ch[2]);
    }

    [TestMethod]
    public void PixelTensorNormalisesPerChannelInRgbOrder()
    {
        var m = Flat(2, 2, 255, 0, 51);
        var data = new float[12];
        PixelTensor.Write(m, [0.485, 0.456, 0.406], [0.229, 0.224, 0.225], data, 0);
        Assert.AreEqual((1 - 0.485) / 0.229, data[0], 1e-5);
        Assert.AreEqual((0 - 0.456) / 0.224, data[4], 1e-5);
        Assert.AreEqual((0.2 - 0.406) / 0.225, data[8], 1e-5);
    }

    [TestMethod]
    public void UnknownTransformNamesTheKey()
    {
        var e = Assert.ThrowsExactly<InvalidDataException>(() => RbcTransforms.Get("sepia"));
        StringAssert.Contains(e.Message, "augmentation.rbc_transforms");
    }
}
