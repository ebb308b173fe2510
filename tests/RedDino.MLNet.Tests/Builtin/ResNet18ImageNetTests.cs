using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using RedDino.Formats.Builtin;
using RedDino.Formats.Manifests;
using RedDino.MLNet.Embeddings;
using RedDino.Tests.Shared;

namespace RedDino.MLNet.Tests.Builtin;

/// <summary>The built-in ResNet-18 backbone against ML.NET's own DnnFeaturizeImage, which runs the
/// package's two graphs one after the other, batch 1, on the planes ExtractPixels makes (RGB, 0-255).
/// Tolerance |a - b| &lt;= 1e-4 + 1e-4 |b| (ML.NET is the reference b).</summary>
[TestClass]
public sealed class ResNet18ImageNetTests
{
    private const float Atol = 1e-4f, Rtol = 1e-4f;
    private static string _modelPath = "";
    private static string[] _images = [];
    private static float[][] _pixels = [];
    private static float[][] _reference = [];

    private sealed class ImageInput { public string Path { get; set; } = ""; }

    [ClassInitialize]
    public static void ExportAndRunMlNet(TestContext _)
    {
        _modelPath = Path.Combine(RepoPaths.NewTempFolder("resnet18"), "resnet18.onnx");
        BuiltinBackbones.Export(ResNet18ImageNetConverter.Name, _modelPath);
        // Real 224x224 Chula cells: no resize, so both sides see the very same pixels.
        _images = Enumerable.Range(0, 4).Select(i => RepoPaths.Fixture("backbone", "images", $"cell_{i}.png")).ToArray();

        var ml = new MLContext(seed: 0);
        var data = ml.Data.LoadFromEnumerable(_images.Select(p => new ImageInput { Path = p }));
        var pipeline = ml.Transforms.LoadImages("Image", null, nameof(ImageInput.Path))
            // The images are already 224x224: the resize only declares the size ExtractPixels needs.
            .Append(ml.Transforms.ResizeImages("Image", 224, 224))
            .Append(ml.Transforms.ExtractPixels("Pixels", "Image"))
            .Append(ml.Transforms.DnnFeaturizeImage("Features", m => m.ModelSelector.ResNet18(ml, m.OutputColumn, m.InputColumn), "Pixels"));
        var transformed = pipeline.Fit(data).Transform(data);
        _pixels = transformed.GetColumn<float[]>("Pixels").ToArray();
        _reference = transformed.GetColumn<float[]>("Features").ToArray();
    }

    // The exported model is 64 MB: do not leave it in the temp folder.
    [ClassCleanup]
    public static void DeleteModel() => Directory.Delete(Path.GetDirectoryName(_modelPath)!, recursive: true);

    [TestMethod]
    public void GraphHasTheContractInterfaceAndMetadata()
    {
        using var session = new InferenceSession(_modelPath);
        var input = session.InputMetadata["pixel_values"];
        CollectionAssert.AreEqual(new[] { -1, 3, 224, 224 }, input.Dimensions);
        CollectionAssert.AreEqual(new[] { -1, 512 }, session.OutputMetadata["embedding"].Dimensions);
        var meta = session.ModelMetadata.CustomMetadataMap;
        Assert.AreEqual("resnet18-imagenet", meta["reddino.arch"]);
        Assert.AreEqual("1", meta["reddino.pixel_scale"]);
        Assert.AreEqual("0,0,0", meta["reddino.mean"]);
        Assert.AreEqual("1,1,1", meta["reddino.std"]);
    }

    [TestMethod]
    public void BatchOfFourMatchesDnnFeaturizeImage()
    {
        Assert.HasCount(4, _reference);
        Assert.HasCount(512, _reference[0]);
        var batch = new DenseTensor<float>(_pixels.SelectMany(p => p).ToArray(), [4, 3, 224, 224]);
        using var session = new InferenceSession(_modelPath);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("pixel_values", batch)]);
        var output = results.Single().AsTensor<float>();
        CollectionAssert.AreEqual(new[] { 4, 512 }, output.Dimensions.ToArray());
        for (var i = 0; i < 4; i++)
            AssertClose(_reference[i], Enumerable.Range(0, 512).Select(j => output[i, j]).ToArray(), $"image {i}");
        Assert.IsTrue(_reference.All(r => r.Any(v => v > 0)), "ReLU + average pooling gives non-negative, non-zero features");
    }

    [TestMethod]
    public void EmbeddingEngineReproducesWhatDnnFeaturizeImageIsFed()
    {
        // The metadata (pixel_scale 1, mean 0, std 1) makes the engine feed 0-255 RGB planes.
        var manifest = new Manifest(_images.Select(p => new ManifestRow(p)).ToList());
        using var engine = new EmbeddingEngine(_modelPath, new RedDinoEmbeddingOptions { BatchSize = 3 });
        var set = engine.Embed(manifest);
        Assert.AreEqual(512, set.Dimension);
        for (var i = 0; i < 4; i++)
            AssertClose(_reference[i], set.Row(i).ToArray(), $"image {i}");
    }

    private static void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.HasCount(expected.Length, actual);
        for (var j = 0; j < expected.Length; j++)
            Assert.IsLessThanOrEqualTo(Atol + Rtol * Math.Abs(expected[j]), Math.Abs(actual[j] - expected[j]),
                $"{what}, feature {j}: {actual[j]} vs DnnFeaturizeImage {expected[j]}");
    }
}
