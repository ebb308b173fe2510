using BenchmarkDotNet.Attributes;
using Microsoft.ML;
using RedDino.Benchmarks.Shared;
using RedDino.MLNet.Embeddings;

namespace RedDino.Benchmarks.Embedding;

/// <summary>(c) ML.NET's stock image pipeline over the same files (<see cref="StockImagePipeline"/>), which runs
/// the model one row at a time (no batch size to vary). Target: the engine (a) at its best batch >= 1.1 x this.</summary>
[Config(typeof(ThroughputConfig))]
public class StockMlNetThroughputBenchmarks
{
    private ITransformer _model = null!;
    private IDataView _data = null!;

    /// <summary>The backbone (null: <see cref="ThroughputInputs.ModelPath"/>, the fp32 vits14).</summary>
    public string? Model { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var modelPath = Model ?? ThroughputInputs.ModelPath();
        var size = RedDinoModelInfo.Read(modelPath).Preprocessing.ImageSize;
        var ml = new MLContext(seed: 0);
        var rows = ThroughputInputs.Manifest().Rows.Select(r => new StockImagePipeline.ImagePathRow { Path = r.Path }).ToList();
        _data = ml.Data.LoadFromEnumerable(rows);
        _model = StockImagePipeline.Create(ml, modelPath, size, gpuDeviceId: null).Fit(_data);
    }

    [GlobalCleanup]
    public void Cleanup() => (_model as IDisposable)?.Dispose();

    [Benchmark(OperationsPerInvoke = ThroughputInputs.ImageCount, Description = "(c) stock ML.NET ApplyOnnxModel, image files")]
    public int StockPipeline() => StockImagePipeline.Consume(_model.Transform(_data));
}
