using RedDino.Formats;
using RedDino.Formats.Builtin;
using RedDino.Formats.Manifests;
using RedDino.Formats.Onnx.Precision;
using RedDino.MLNet.Embeddings;
using RedDino.MLNet.Tests.Embeddings;
using RedDino.Tests.Shared;
using static RedDino.MLNet.Tests.Precision.PrecisionTestModels;

namespace RedDino.MLNet.Tests.Precision;

/// <summary>Converted backbones run in ONNX Runtime and keep the embeddings: on every row of the bundled Chula
/// cells the cosine to the float32 model is at least 0.99 for int8 and 0.999 for fp16 (the bounds),
/// for a seeded random-weight ViT (every block matters), RedDino-nano (trained weights) and the built-in
/// ResNet-18 (fp16); for the PyTorch-exported tiny ViT the reference is PyTorch's own float32 output.</summary>
[TestClass]
public sealed class ReducedPrecisionEmbeddingTests : TempFolderTest
{
    private const double Int8Cosine = 0.99, Fp16Cosine = 0.999;
    private static readonly RedDinoEmbeddingOptions Cpu = new() { BatchSize = 4, Device = EmbeddingDevice.Cpu, PreprocessingThreads = 2 };
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void RandomWeightVitKeepsItsEmbeddings() => CheckBothPrecisions(RandomVit(Folder), BundledCells(12));

    [TestMethod]
    public void TrainedNanoKeepsItsEmbeddings() =>
        CheckBothPrecisions(Path.Combine(RepoPaths.Root, "data-manifests", "models", "reddino-nano.onnx"), BundledCells(12));

    [TestMethod]
    public void PyTorchExportedVitAgainstPyTorch()
    {
        var manifest = Manifest.Read(TinyBackbone.ManifestPath);
        var reference = TinyBackbone.Expected("tiny_vit");
        foreach (var (precision, bound) in new[] { (ModelPrecision.Int8, Int8Cosine), (ModelPrecision.Fp16, Fp16Cosine) })
        {
            var path = Path.Combine(Folder, $"tiny-{precision.Name()}.onnx");
            OnnxPrecisionConverter.Convert(TinyBackbone.Model, path, precision);
            using var engine = new EmbeddingEngine(path, Cpu);
            AssertCosines(reference, engine.Embed(manifest).Values, TinyBackbone.Dim, bound, $"tiny_vit {precision.Name()} vs PyTorch");
        }
    }

    [TestMethod]
    public void BuiltinResNetInFloat16AndNoInt8()
    {
        var fp32 = Path.Combine(Folder, "resnet18.onnx");
        BuiltinBackbones.Export(ResNet18ImageNetConverter.Name, fp32);
        var fp16 = Path.Combine(Folder, "resnet18-fp16.onnx");
        OnnxPrecisionConverter.Convert(fp32, fp16, ModelPrecision.Fp16);
        var cells = BundledCells(6);
        AssertCosines(Embed(fp32, cells), Embed(fp16, cells), ResNet18ImageNetConverter.EmbedDim, Fp16Cosine, "resnet18 fp16");

        // Convolutions stay float32 under int8 (ConvInteger was not faster on CPU) and the ResNet has no MatMul/Gemm.
        var e = Assert.ThrowsExactly<InvalidDataException>(() => OnnxPrecisionConverter.Convert(fp32, Path.Combine(Folder, "r8.onnx"), ModelPrecision.Int8));
        StringAssert.Contains(e.Message, "no MatMul or Gemm");
        Assert.IsFalse(File.Exists(Path.Combine(Folder, "r8.onnx")));
    }

    private void CheckBothPrecisions(string fp32, Manifest cells)
    {
        var reference = Embed(fp32, cells);
        foreach (var (precision, bound) in new[] { (ModelPrecision.Int8, Int8Cosine), (ModelPrecision.Fp16, Fp16Cosine) })
        {
            var path = Path.Combine(Folder, $"{Path.GetFileNameWithoutExtension(fp32)}-{precision.Name()}.onnx");
            OnnxPrecisionConverter.Convert(fp32, path, precision);
            var info = RedDinoModelInfo.Read(path);
            Assert.AreEqual(precision.Name(), info.Metadata[MetadataKeys.Precision]);
            Assert.AreEqual(RedDinoModelInfo.Read(fp32).Metadata[MetadataKeys.Arch], info.Metadata[MetadataKeys.Arch], "the reddino.* metadata is kept");
            AssertCosines(reference, Embed(path, cells), info.EmbedDim, bound, $"{Path.GetFileName(fp32)} {precision.Name()}");
        }
    }

    private static float[] Embed(string model, Manifest cells)
    {
        using var engine = new EmbeddingEngine(model, Cpu);
        return engine.Embed(cells).Values.ToArray();
    }

    private void AssertCosines(ReadOnlySpan<float> reference, ReadOnlySpan<float> actual, int dim, double bound, string what)
    {
        var cosines = RowCosines(reference, actual, dim);
        TestContext.WriteLine($"{what}: cosine min {cosines.Min():F6}, median {cosines.Order().ElementAt(cosines.Length / 2):F6}");
        for (var r = 0; r < cosines.Length; r++)
            Assert.IsGreaterThanOrEqualTo(bound, cosines[r], $"{what}: row {r + 1} has cosine {cosines[r]:F6} < {bound}");
    }
}
