using System.IO.Compression;
using System.Text.Json.Nodes;
using RedDino.Formats.Imaging;
using RedDino.Pretraining.Config;
using RedDino.Pretraining.Data;
using RedDino.Pretraining.Data.Augment;
using RedDino.Tests.Shared;

namespace RedDino.Pretraining.Tests.Data;

/// <summary>The per-view invariances (augmentation.rotation_limit, color_jitter_probability,
/// grayscale_probability): rotation and grayscale equal OpenCV's bytes (fixtures of
/// make_rotation_fixtures.py, cv2 4.6; tolerance 0), and the steps draw nothing when off.</summary>
[TestClass]
public sealed class ViewInvarianceTests
{
    private static readonly Lazy<JsonArray> Cases = new(() =>
        (JsonArray)JsonNode.Parse(File.ReadAllText(RepoPaths.Fixture("pretraining", "rotation", "cases.json")))!["cases"]!);

    private static JsonNode Case(string name) => Cases.Value.First(c => (string)c!["name"]! == name)!;

    private static RgbImage Load(string name)
    {
        var c = Case(name);
        var shape = c["shape"]!.AsArray().Select(v => (int)v!).ToArray();
        using var gz = new GZipStream(File.OpenRead(RepoPaths.Fixture("pretraining", "rotation", (string)c["file"]!)), CompressionMode.Decompress);
        using var bytes = new MemoryStream();
        gz.CopyTo(bytes);
        return new RgbImage(shape[1], shape[0], bytes.ToArray());
    }

    public static IEnumerable<object[]> RotationCases =>
        Cases.Value.Where(c => c!["angle"] is not null).Select(c => new object[] { (string)c!["name"]! });

    [TestMethod]
    [DynamicData(nameof(RotationCases))]
    public void RotationEqualsOpenCvsWarpAffine(string name)
    {
        var c = Case(name);
        var output = AffineWarp.Rotate(Load((string)c["input"]!), (double)c["angle"]!);
        AssertSame(Load(name), output, name);
    }

    [TestMethod]
    public void GeneralAffineWarpEqualsOpenCv()
    {
        var c = Case("cell_affine");
        var m = c["matrix"]!.AsArray().Select(v => (double)v!).ToArray();
        AssertSame(Load("cell_affine"), AffineWarp.Warp(Load("cell"), m, (int)c["width"]!, (int)c["height"]!), "cell_affine");
    }

    [TestMethod]
    [DataRow("cell")]
    [DataRow("colours")]
    public void GrayscaleEqualsOpenCv(string input) => AssertSame(Load(input + "_gray"), Dinov2Pipeline.Grayscale(Load(input)), input);

    [TestMethod]
    public void OffDrawsNothingAndChangesNothing()
    {
        var invariances = new ViewInvariances(new AugmentationConfig());
        var rng = new CountingSource();
        var view = Load("cell");
        var current = invariances.Recolour(invariances.Rotate(view, rng), rng);
        Assert.AreSame(view, current);
        Assert.AreEqual(0, rng.Draws);
    }

    [TestMethod]
    public void GrayscaleProbabilityOneMakesEveryViewGrayAndJitterChangesColours()
    {
        var config = new AugmentationConfig { GrayscaleProbability = 1, ColorJitterProbability = 1, RotationLimit = 180 };
        var invariances = new ViewInvariances(config);
        var original = Load("colours");
        for (var seed = 0; seed < 4; seed++)
        {
            var rng = SampleRandom.For(seed, 3);
            var bytes = invariances.Recolour(invariances.Rotate(original, rng), rng).Pixels;
            for (var i = 0; i < bytes.Length; i += 3)
                Assert.IsTrue(bytes[i] == bytes[i + 1] && bytes[i] == bytes[i + 2], $"seed {seed}: pixel {i / 3} is not gray");
            CollectionAssert.AreNotEqual(Dinov2Pipeline.Grayscale(original).Pixels, bytes, $"seed {seed}: rotation and jitter did nothing");
        }
    }

    [TestMethod]
    public void TheWarmupRampsTheInvariancesFromNothingToFull()
    {
        Assert.AreEqual(0.0, ViewInvariances.Strength(0, 100));
        Assert.AreEqual(0.25, ViewInvariances.Strength(25, 100));
        Assert.AreEqual(1.0, ViewInvariances.Strength(150, 100));
        Assert.AreEqual(1.0, ViewInvariances.Strength(0, 0), "no warmup: full strength from the start");

        // Grayscale with probability 1 after the ramp: no view is gray at iteration 0, all are at the
        // end, and the retrieval views (no iteration) have the full strength.
        var crops = new CropsConfig { GlobalCropsSize = 28, LocalCropsSize = 14, GlobalCropsScale = [0.8, 1], LocalCropsScale = [0.4, 0.6] };
        var augmenter = new CropAugmenter(crops, new AugmentationConfig { Pipeline = AugmentationPipeline.None, GrayscaleProbability = 1 }, 100);
        var image = Load("colours");
        static bool Gray(float[] chw)
        {
            var plane = chw.Length / 3;
            // equal bytes in the three channels, seen through the per-channel normalisation
            return Enumerable.Range(0, plane).All(i =>
                Math.Abs((chw[i] * 0.229 + 0.485) - (chw[plane + i] * 0.224 + 0.456)) < 1e-5
                && Math.Abs((chw[i] * 0.229 + 0.485) - (chw[2 * plane + i] * 0.225 + 0.406)) < 1e-5);
        }
        for (var seed = 0; seed < 5; seed++)
        {
            Assert.IsFalse(augmenter.Augment(image, SampleRandom.For(seed), 1, iteration: 0).Global.Any(Gray), $"seed {seed}: gray at iteration 0");
            Assert.IsTrue(augmenter.Augment(image, SampleRandom.For(seed), 1, iteration: 100).Global.All(Gray), $"seed {seed}: colour after the ramp");
            Assert.IsTrue(augmenter.Augment(image, SampleRandom.For(seed), 1).Global.All(Gray), $"seed {seed}: retrieval views are not full strength");
        }
    }

    [TestMethod]
    public void ValidatorNamesTheKey()
    {
        var e = Assert.ThrowsExactly<InvalidDataException>(() => PretrainConfigLoader.Load(null, ["data.images=smears", "augmentation.rotation_limit=200"]));
        StringAssert.Contains(e.Message, "augmentation.rotation_limit");
        e = Assert.ThrowsExactly<InvalidDataException>(() => PretrainConfigLoader.Load(null, ["data.images=smears", "augmentation.color_jitter=[0.4,0.4,0.2]"]));
        StringAssert.Contains(e.Message, "augmentation.color_jitter");
    }

    [TestMethod]
    public void CropRatioOneKeepsTheAspectOfEveryBoxAndOthersStretch()
    {
        var stretched = 0;
        for (var seed = 0; seed < 200; seed++)
        {
            var square = Geometry.CropBox(80, 80, (0.3, 1.0), (1.0, 1.0), SampleRandom.For(seed));
            Assert.IsLessThanOrEqualTo(1, Math.Abs(square.Width - square.Height), $"seed {seed}: {square}");
            var box = Geometry.CropBox(80, 80, (0.3, 1.0), Geometry.DefaultRatio, SampleRandom.For(seed));
            if (Math.Abs(box.Width - box.Height) > 1) stretched++;
        }
        Assert.IsGreaterThan(100, stretched, "the default 3/4-4/3 ratio should stretch most boxes");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => PretrainConfigLoader.Load(null, ["data.images=smears", "crops.crop_ratio=[1.2,1.0]"]));
        StringAssert.Contains(e.Message, "crops.crop_ratio");
    }

    private static void AssertSame(RgbImage expected, RgbImage actual, string what)
    {
        Assert.AreEqual(expected.Width, actual.Width, what);
        Assert.AreEqual(expected.Height, actual.Height, what);
        var differ = Enumerable.Range(0, expected.Pixels.Length).Count(i => expected.Pixels[i] != actual.Pixels[i]);
        Assert.AreEqual(0, differ, $"{what}: {differ} of {expected.Pixels.Length} values differ from OpenCV");
    }

    private sealed class CountingSource : IUniformSource
    {
        public int Draws { get; private set; }

        public double NextDouble()
        {
            Draws++;
            return 0.5;
        }
    }
}
