using BenchmarkDotNet.Attributes;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;
using RedDino.MLNet.Embeddings;

namespace RedDino.Benchmarks.Embedding;

/// <summary>(c) ML.NET's stock image pipeline over the same files: LoadImages + ResizeImages +
/// ExtractPixels + ApplyOnnxModel, which runs the model one row at a time (no batch size to vary).
/// Target: the engine (a) at its best batch >= 1.1 x this. It is a speed baseline only: stock ML.NET
/// resizes with its own filter and cannot normalise per channel, so its values differ from the reference.</summary>
[Config(typeof(ThroughputConfig))]
public class StockMlNetThroughputBenchmarks
{
    private ITransformer _model = null!;
    private IDataView _data = null!;

    private sealed class ImagePathRow
    {
        public string Path { get; set; } = "";
    }

    [GlobalSetup]
    public void Setup()
    {
        var modelPath = ThroughputInputs.ModelPath();
        var size = RedDinoModelInfo.Read(modelPath).Preprocessing.ImageSize;
        var ml = new MLContext(seed: 0);
        var rows = ThroughputInputs.Manifest().Rows.Select(r => new ImagePathRow { Path = r.Path }).ToList();
        _data = ml.Data.LoadFromEnumerable(rows);
        var pipeline = ml.Transforms.LoadImages("image", imageFolder: null, inputColumnName: nameof(ImagePathRow.Path))
            .Append(ml.Transforms.ResizeImages("image", size, size, resizing: ImageResizingEstimator.ResizingKind.Fill))
            .Append(ml.Transforms.ExtractPixels("pixel_values", "image", interleavePixelColors: false, scaleImage: 1f / 255f))
            .Append(ml.Transforms.ApplyOnnxModel(["embedding"], ["pixel_values"], modelPath,
                new Dictionary<string, int[]> { ["pixel_values"] = [1, 3, size, size] }, gpuDeviceId: null, fallbackToCpu: false));
        _model = pipeline.Fit(_data);
    }

    [GlobalCleanup]
    public void Cleanup() => (_model as IDisposable)?.Dispose();

    [Benchmark(OperationsPerInvoke = ThroughputInputs.ImageCount, Description = "(c) stock ML.NET ApplyOnnxModel, image files")]
    public int StockPipeline()
    {
        var view = _model.Transform(_data);
        var column = view.Schema["embedding"];
        using var cursor = view.GetRowCursor([column]);
        var getter = cursor.GetGetter<VBuffer<float>>(column);
        VBuffer<float> value = default;
        var count = 0;
        while (cursor.MoveNext())
        {
            getter(ref value);
            count++;
        }
        return count;
    }
}
