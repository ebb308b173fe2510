using OpenCvSharp;
using RedDino.Pretraining.Data;
using RedDino.Pretraining.Data.Augment;
using RedDino.Pretraining.Data.Augment.Rbc;
using RedDino.Pretraining.Data.Sources;
using RedDino.Tests.Shared;

namespace RedDino.Pretraining.Tests.Data;

/// <summary>Property tests of every RBC transform: size and type kept, the input untouched, the same
/// output for the same seed, and what each one must do.</summary>
[TestClass]
public sealed class AugmentationTests
{
    private static readonly Lazy<Mat> FullCell = new(() => ImageFiles.ReadRgb(RepoPaths.Fixture("backbone", "images", "cell_1.png")));

    private static readonly Lazy<Mat> Cell = new(() =>
    {
        using var full = ImageFiles.ReadRgb(RepoPaths.Fixture("backbone", "images", "cell_1.png"));
        using var crop = full[new Rect(60, 60, 96, 96)];
        return crop.Clone(); // a real red cell on its background
    });

    public static IEnumerable<object[]> AllTransforms => RbcTransforms.Names.Select(n => new object[] { n });

    private static byte[] Bytes(Mat m)
    {
        using var c = m.Clone();
        c.GetArray(out Vec3b[] pixels);
        return pixels.SelectMany(p => new[] { p.Item0, p.Item1, p.Item2 }).ToArray();
    }

    private static Mat Apply(string name, Mat input, long seed = 1) => RbcTransforms.Get(name).Apply(input, SampleRandom.For(seed, 99));

    [TestMethod]
    [DynamicData(nameof(AllTransforms))]
    public void KeepsShapeTypeAndInputAndIsDeterministicUnderASeed(string name)
    {
        var input = Cell.Value;
        var before = Bytes(input);
        using var a = Apply(name, input);
        using var b = Apply(name, input);
        Assert.AreEqual(input.Size(), a.Size(), name);
        Assert.AreEqual(MatType.CV_8UC3, a.Type(), name);
        CollectionAssert.AreEqual(before, Bytes(input), $"{name} modified its input");
        CollectionAssert.AreEqual(Bytes(a), Bytes(b), $"{name} differs under the same seed");
        Assert.IsTrue(RbcTransforms.Names.Count == 33);
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
    private static string Hash(string name, long seed)
    {
        using var o = Apply(name, FullCell.Value, seed);
        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Bytes(o)));
    }

    [TestMethod]
    public void InvertTwiceIsIdentity()
    {
        using var once = Apply("invert", Cell.Value);
        using var twice = Apply("invert", once);
        CollectionAssert.AreEqual(Bytes(Cell.Value), Bytes(twice));
        Assert.IsTrue(Bytes(once).Zip(Bytes(Cell.Value)).All(p => p.First == 255 - p.Second));
    }

    [TestMethod]
    public void SolarizeInvertsOnlyFromTheThresholdUp()
    {
        using var output = Apply("solarize", Cell.Value);
        foreach (var (o, i) in Bytes(output).Zip(Bytes(Cell.Value)))
            Assert.AreEqual(i >= 128 ? 255 - i : i, (int)o);
    }

    [TestMethod]
    public void PosterizeKeepsTheFourHighBits()
    {
        using var output = Apply("posterize", Cell.Value);
        foreach (var (o, i) in Bytes(output).Zip(Bytes(Cell.Value)))
            Assert.AreEqual(i & 0xF0, (int)o);
    }

    [TestMethod]
    public void ChannelShuffleIsAPermutationAndDropoutZeroesOneChannel()
    {
        var channels = Channels(Cell.Value);
        for (var seed = 0; seed < 6; seed++)
        {
            using var shuffled = Apply("channel_shuffle", Cell.Value, seed);
            var outCh = Channels(shuffled);
            var matched = outCh.Select(o => channels.FindIndex(c => c.SequenceEqual(o))).ToArray();
            CollectionAssert.AreEquivalent(new[] { 0, 1, 2 }, matched, "each output channel is a distinct input channel");

            using var dropped = Apply("channel_dropout", Cell.Value, seed);
            var d = Channels(dropped);
            Assert.AreEqual(1, d.Count(c => c.All(v => v == 0)), "exactly one channel dropped");
            Assert.AreEqual(2, Enumerable.Range(0, 3).Count(k => d[k].SequenceEqual(channels[k])), "the others unchanged");
        }
    }

    private static List<byte[]> Channels(Mat m)
    {
        var bytes = Bytes(m);
        return Enumerable.Range(0, 3).Select(c => bytes.Where((_, i) => i % 3 == c).ToArray()).ToList();
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
            using var output = Apply(name, Cell.Value, seed);
            var input = Channels(Cell.Value);
            var mapped = Channels(output);
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
        using var flat = new Mat(48, 48, MatType.CV_8UC3, new Scalar(180, 90, 140));
        using var output = Apply(name, flat);
        var bytes = Bytes(output);
        for (var i = 0; i < bytes.Length; i++)
            Assert.IsLessThanOrEqualTo(1, Math.Abs(bytes[i] - new[] { 180, 90, 140 }[i % 3]), $"{name} at {i}");
    }

    private static double Roughness(Mat m)
    {
        using var lap = new Mat();
        Cv2.Laplacian(m, lap, MatType.CV_32F);
        Cv2.MeanStdDev(lap, out _, out var sd);
        return sd.Val0;
    }

    [TestMethod]
    public void BlursSmoothAndNoiseRoughens()
    {
        var r0 = Roughness(Cell.Value);
        foreach (var name in new[] { "blur", "gaussian_blur", "median_blur", "defocus" })
        {
            using var o = Apply(name, Cell.Value);
            Assert.IsLessThan(r0, Roughness(o), $"{name} should smooth");
        }
        foreach (var name in new[] { "gauss_noise", "iso_noise", "sharpen" })
        {
            using var o = Apply(name, Cell.Value);
            Assert.IsGreaterThan(r0, Roughness(o), $"{name} should roughen");
        }
    }

    [TestMethod]
    public void DownscaleIsBlockwiseConstant()
    {
        using var output = Apply("downscale", Cell.Value);
        var bytes = Bytes(output);
        for (var y = 0; y < 96; y++)
            for (var x = 0; x < 96; x++)
                for (var c = 0; c < 3; c++)
                    Assert.AreEqual(bytes[((y / 4 * 4) * 96 + x / 4 * 4) * 3 + c], bytes[(y * 96 + x) * 3 + c]);
    }

    [TestMethod]
    public void WeatherEffectsMoveBrightnessTheRightWay()
    {
        double Mean(Mat m) => Cv2.Mean(m).Val0 + Cv2.Mean(m).Val1 + Cv2.Mean(m).Val2;
        using var dark = new Mat(96, 96, MatType.CV_8UC3, new Scalar(60, 40, 50));
        foreach (var seed in new long[] { 1, 2, 3 })
        {
            using var snow = Apply("random_snow", dark, seed);
            Assert.IsGreaterThan(Mean(dark), Mean(snow), "snow brightens dark pixels");
            using var flare = Apply("random_sun_flare", dark, seed);
            Assert.IsGreaterThan(Mean(dark), Mean(flare), "a flare adds light");
            using var fog = Apply("random_fog", dark, seed);
            Assert.IsGreaterThan(Mean(dark), Mean(fog), "fog adds white");
            using var rain = Apply("random_rain", dark, seed);
            Assert.AreNotEqual(Mean(dark), Mean(rain));
            using var shadow = Apply("random_shadow", Cell.Value, seed);
            Assert.IsLessThan(Mean(Cell.Value), Mean(shadow), "a shadow darkens");
        }
    }

    [TestMethod]
    public void GeometryRoundTripsAndCropSizes()
    {
        var input = Cell.Value;
        var m = input.Clone();
        for (var i = 0; i < 4; i++) Geometry.Replace(ref m, v => Geometry.Rotate90(v, 1));
        CollectionAssert.AreEqual(Bytes(input), Bytes(m), "four quarter turns");
        Geometry.Replace(ref m, Geometry.HorizontalFlip);
        Geometry.Replace(ref m, Geometry.HorizontalFlip);
        Geometry.Replace(ref m, Geometry.VerticalFlip);
        Geometry.Replace(ref m, Geometry.VerticalFlip);
        CollectionAssert.AreEqual(Bytes(input), Bytes(m), "flips twice");
        m.Dispose();
        for (var seed = 0; seed < 20; seed++)
        {
            var box = Geometry.CropBox(96, 80, (0.32, 1.0), Geometry.DefaultRatio, SampleRandom.For(seed));
            Assert.IsTrue(box.X >= 0 && box.Y >= 0 && box.Right <= 96 && box.Bottom <= 80, box.ToString());
            var area = box.Width * box.Height / (96.0 * 80);
            Assert.IsTrue(area >= 0.3 && area <= 1.0, $"area {area}");
            using var crop = Geometry.RandomResizedCrop(input, 56, (0.32, 1.0), SampleRandom.For(seed));
            Assert.AreEqual(new Size(56, 56), crop.Size());
        }
    }

    [TestMethod]
    public void Dinov2PipelineIsDeterministicAndGrayscaleIsGray()
    {
        var pipeline = new Dinov2Pipeline();
        for (var seed = 0; seed < 5; seed++)
        {
            var a = Cell.Value.Clone();
            var b = Cell.Value.Clone();
            pipeline.Apply(ref a, CropKind.Global(1), SampleRandom.For(seed));
            pipeline.Apply(ref b, CropKind.Global(1), SampleRandom.For(seed));
            CollectionAssert.AreEqual(Bytes(a), Bytes(b));
            a.Dispose();
            b.Dispose();
        }
        using var gray = Dinov2Pipeline.Grayscale(Cell.Value);
        var ch = Channels(gray);
        CollectionAssert.AreEqual(ch[0], ch[1]);
        CollectionAssert.AreEqual(ch[1], ch[2]);
    }

    [TestMethod]
    public void PixelTensorNormalisesPerChannelInRgbOrder()
    {
        using var m = new Mat(2, 2, MatType.CV_8UC3, new Scalar(255, 0, 51)); // R = 255, G = 0, B = 51
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
