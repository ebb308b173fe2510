using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;

namespace RedDino.Benchmarks.Shared;

/// <summary>Baseline (c) of the throughput comparisons, shared by RedDino.Benchmarks and RedDino.GpuCheck:
/// ML.NET's stock LoadImages + ResizeImages + ExtractPixels + ApplyOnnxModel over image files, which runs
/// the model one row at a time. A speed baseline only: stock ML.NET resizes with its own filter and cannot
/// normalise per channel (dotnet/machinelearning#3905), so its values differ from the reference.</summary>
internal static class StockImagePipeline
{
    /// <summary>The input rows: one image path each.</summary>
    public sealed class ImagePathRow
    {
        public string Path { get; set; } = "";
    }

    /// <summary>The estimator for a backbone taking [1, 3, S, S] <c>pixel_values</c>; <paramref name="gpuDeviceId"/> null = CPU.</summary>
    public static IEstimator<ITransformer> Create(MLContext ml, string modelPath, int imageSize, int? gpuDeviceId) =>
        ml.Transforms.LoadImages("image", imageFolder: null, inputColumnName: nameof(ImagePathRow.Path))
            .Append(ml.Transforms.ResizeImages("image", imageSize, imageSize, resizing: ImageResizingEstimator.ResizingKind.Fill))
            .Append(ml.Transforms.ExtractPixels("pixel_values", "image", interleavePixelColors: false, scaleImage: 1f / 255f))
            .Append(ml.Transforms.ApplyOnnxModel(["embedding"], ["pixel_values"], modelPath,
                new Dictionary<string, int[]> { ["pixel_values"] = [1, 3, imageSize, imageSize] }, gpuDeviceId: gpuDeviceId, fallbackToCpu: false));

    /// <summary>Pulls the embedding column of every row (what makes ApplyOnnxModel run); returns the row count.</summary>
    public static int Consume(IDataView view)
    {
        var column = view.Schema["embedding"];
        using var cursor = view.GetRowCursor([column]);
        var getter = cursor.GetGetter<VBuffer<float>>(column);
        var value = default(VBuffer<float>);
        var count = 0;
        while (cursor.MoveNext())
        {
            getter(ref value);
            count++;
        }
        return count;
    }
}
