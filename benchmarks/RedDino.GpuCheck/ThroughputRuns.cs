using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using RedDino.Benchmarks.Shared;
using RedDino.MLNet.Embeddings;
using RedDino.Formats.Imaging;
using RedDino.Formats.Manifests;

namespace RedDino.GpuCheck;

/// <summary>The three ways of embedding the same files that the check compares. Each run is warmed up
/// (session creation, CUDA kernels, first allocations) before the timed pass over all images.</summary>
internal static class ThroughputRuns
{
    public const string EngineName = "(a) RedDino engine, files";
    public const string BareName = "(b) bare ORT Run, tensors ready";
    public const string StockName = "(c) stock ML.NET ApplyOnnxModel";

    public static ThroughputRow Engine(CheckSettings settings, int batch)
    {
        var options = new RedDinoEmbeddingOptions { BatchSize = batch, Device = settings.Device, GpuId = settings.GpuId, CacheFolder = null };
        using var engine = new EmbeddingEngine(settings.ModelPath, options);
        var manifest = new Manifest(settings.ImagePaths.Select(p => new ManifestRow(p)).ToList());
        var warmup = new Manifest(manifest.Rows.Take(Math.Min(manifest.Rows.Count, 2 * batch)).ToList());
        engine.Embed(warmup);
        var watch = Stopwatch.StartNew();
        var set = engine.Embed(manifest);
        watch.Stop();
        if (set.Count != manifest.Rows.Count) throw new InvalidOperationException($"engine returned {set.Count} of {manifest.Rows.Count} rows");
        return new ThroughputRow(EngineName, batch, engine.Device, set.Count / watch.Elapsed.TotalSeconds);
    }

    /// <summary>Runs batches of 32 through a bare session for <paramref name="duration"/>.</summary>
    public static void WarmUpDevice(CheckSettings settings, TimeSpan duration) => BareOnnxRuntime(settings, 32, duration);

    public static ThroughputRow BareOnnxRuntime(CheckSettings settings, int batch) => BareOnnxRuntime(settings, batch, null);

    private static ThroughputRow BareOnnxRuntime(CheckSettings settings, int batch, TimeSpan? warmUpOnly)
    {
        var info = RedDinoModelInfo.Read(settings.ModelPath);
        var preprocessor = new ImagePreprocessor(info.Preprocessing);
        var size = info.Preprocessing.ImageSize;
        var batches = settings.ImagePaths.Chunk(batch).Select(paths =>
        {
            var input = new float[paths.Length * preprocessor.InputLength];
            for (var i = 0; i < paths.Length; i++)
                preprocessor.Preprocess(ImageDecoder.DecodeFile(paths[i]), null, input.AsSpan(i * preprocessor.InputLength, preprocessor.InputLength));
            return (Count: paths.Length, Input: input);
        }).ToArray();

        using var sessionOptions = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        var device = "cpu";
        if (settings.Device != EmbeddingDevice.Cpu)
        {
            sessionOptions.AppendExecutionProvider_CUDA(settings.GpuId);
            device = $"cuda:{settings.GpuId}";
        }
        using var session = new InferenceSession(settings.ModelPath, sessionOptions);
        var output = new float[batch * info.EmbedDim];
        void Run((int Count, float[] Input) b)
        {
            using var inputValue = OrtValue.CreateTensorValueFromMemory(b.Input, [b.Count, 3, size, size]);
            using var outputValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, output.AsMemory(0, b.Count * info.EmbedDim), [b.Count, info.EmbedDim]);
            using var runOptions = new RunOptions();
            session.Run(runOptions, ["pixel_values"], [inputValue], ["embedding"], [outputValue]);
        }
        Run(batches[0]);
        Run(batches[0]);
        if (warmUpOnly is { } duration)
        {
            for (var clock = Stopwatch.StartNew(); clock.Elapsed < duration;) Run(batches[0]);
            return new ThroughputRow("warm-up", batch, device, 0);
        }
        var watch = Stopwatch.StartNew();
        foreach (var b in batches) Run(b);
        watch.Stop();
        return new ThroughputRow(BareName, batch, device, settings.ImagePaths.Count / watch.Elapsed.TotalSeconds);
    }

    public static ThroughputRow StockMlNet(CheckSettings settings)
    {
        var info = RedDinoModelInfo.Read(settings.ModelPath);
        var size = info.Preprocessing.ImageSize;
        var ml = new MLContext(seed: 0);
        int? gpu = settings.Device == EmbeddingDevice.Cpu ? null : settings.GpuId;
        var pipeline = StockImagePipeline.Create(ml, settings.ModelPath, size, gpu);
        var rows = settings.ImagePaths.Select(p => new StockImagePipeline.ImagePathRow { Path = p }).ToArray();
        var warmup = ml.Data.LoadFromEnumerable(rows.Take(4));
        using var model = (IDisposable)pipeline.Fit(warmup);
        var transformer = (ITransformer)model;
        StockImagePipeline.Consume(transformer.Transform(warmup));
        var data = ml.Data.LoadFromEnumerable(rows);
        var watch = Stopwatch.StartNew();
        var count = StockImagePipeline.Consume(transformer.Transform(data));
        watch.Stop();
        return new ThroughputRow(StockName, 1, gpu is null ? "cpu" : $"cuda:{gpu}", count / watch.Elapsed.TotalSeconds);
    }
}
