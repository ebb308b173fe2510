using BenchmarkDotNet.Attributes;
using Microsoft.ML.OnnxRuntime;
using RedDino.MLNet.Embeddings;
using RedDino.Formats.Imaging;
using RedDino.Formats.Manifests;

namespace RedDino.Benchmarks.Embedding;

/// <summary>Images/s of a vits14 on CPU at batch sizes 1, 8, 32: (a) the RedDino engine from image files
/// (decode, Pillow-exact resize, normalisation on worker threads, batched ONNX Runtime) against (b) a bare
/// ONNX Runtime Run loop over tensors prepared in advance (the ceiling: inference only).
/// Target: (a) at its best batch >= 0.9 x (b) at its best.</summary>
[Config(typeof(ThroughputConfig))]
public class EmbeddingThroughputBenchmarks
{
    private Manifest _manifest = null!;
    private EmbeddingEngine _engine = null!;
    private InferenceSession _session = null!;
    private List<(int Count, float[] Input)> _batches = null!;
    private float[] _output = null!;
    private int _imageSize;
    private int _dim;

    [Params(1, 8, 32)]
    public int BatchSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var model = ThroughputInputs.ModelPath();
        _manifest = ThroughputInputs.Manifest();
        _engine = new EmbeddingEngine(model, new RedDinoEmbeddingOptions { BatchSize = BatchSize, Device = EmbeddingDevice.Cpu, CacheFolder = null });
        _imageSize = _engine.Model.Preprocessing.ImageSize;
        _dim = _engine.EmbedDim;

        // (b): the same preprocessing, done here, outside the measurement.
        var preprocessor = _engine.Preprocessor;
        _batches = _manifest.Rows.Chunk(BatchSize).Select(rows =>
        {
            var input = GC.AllocateUninitializedArray<float>(rows.Length * preprocessor.InputLength, pinned: true);
            for (var i = 0; i < rows.Length; i++)
                preprocessor.Preprocess(ImageDecoder.DecodeFile(rows[i].Path), rows[i].Crop, input.AsSpan(i * preprocessor.InputLength, preprocessor.InputLength));
            return (rows.Length, input);
        }).ToList();
        _output = GC.AllocateUninitializedArray<float>(BatchSize * _dim, pinned: true);
        _session = new InferenceSession(model, new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _engine.Dispose();
        _session.Dispose();
    }

    [Benchmark(OperationsPerInvoke = ThroughputInputs.ImageCount, Description = "(a) RedDino engine, image files")]
    public int EngineFromFiles() => _engine.Embed(_manifest).Count;

    [Benchmark(OperationsPerInvoke = ThroughputInputs.ImageCount, Description = "(b) bare ORT Run, tensors ready")]
    public int BareOnnxRuntime()
    {
        foreach (var (count, input) in _batches)
        {
            using var inputValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, input.AsMemory(), [count, 3, _imageSize, _imageSize]);
            using var outputValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _output.AsMemory(0, count * _dim), [count, _dim]);
            using var runOptions = new RunOptions();
            _session.Run(runOptions, ["pixel_values"], [inputValue], ["embedding"], [outputValue]);
        }
        return _batches.Count;
    }
}
