using System.Globalization;
using RedDino.Formats.Onnx.Precision;
using RedDino.MLNet.Embeddings;

namespace RedDino.Benchmarks.Embedding;

/// <summary><c>--batch-table [rounds] [batches]</c>: images/s of the embedding engine (64 cell crops from PNG files, no
/// cache, CPU) at batch 1, 2, 4, 8, 16 and 32 for RedDino-nano (112 px), the built-in ResNet-18 and the vits14
/// at 224 px (fp32 and int8), every case in each interleaved round (batches: a comma list, default all six);
/// prints the median tables (wall and CPU time) that README's "Batch size per device" quotes and that
/// <c>--batch-size auto</c>'s CPU rule is chosen from.</summary>
internal static class BatchSizeTable
{
    public static void Run(int rounds, int[]? batches = null)
    {
        var sizes = batches ?? [1, 2, 4, 8, 16, 32];
        var models = new (string Name, string Path)[]
        {
            ("reddino-nano (112 px)", BenchmarkModels.Nano()),
            ("resnet18-imagenet (224 px)", BenchmarkModels.ResNet18()),
            ("vits14 fp32 (224 px)", BenchmarkModels.Vits14(ModelPrecision.Fp32)),
            ("vits14 int8 (224 px)", BenchmarkModels.Vits14(ModelPrecision.Int8)),
        };
        var manifest = ThroughputInputs.Manifest();
        var engines = new List<EmbeddingEngine>();
        var cases = new InterleavedRounds();
        foreach (var (name, path) in models)
            foreach (var batch in sizes)
            {
                var engine = new EmbeddingEngine(path, new RedDinoEmbeddingOptions { BatchSize = batch, Device = EmbeddingDevice.Cpu, CacheFolder = null });
                engines.Add(engine);
                cases.Add($"{name}, batch {batch}", () => engine.Embed(manifest).Count);
            }
        cases.Run(rounds);
        cases.PrintMedians();

        foreach (var (title, median) in new (string, Func<string, double>)[] { ("images/s", cases.Median), ("images per CPU-second", cases.CpuMedian) })
        {
            Console.WriteLine();
            Console.WriteLine($"| {title} | {string.Join(" | ", sizes.Select(b => $"batch {b}"))} |");
            Console.WriteLine($"|---|{string.Concat(sizes.Select(_ => "---:|"))}");
            foreach (var (name, _) in models)
            {
                var medians = sizes.Select(b => median($"{name}, batch {b}")).ToArray();
                var best = medians.Max();
                Console.WriteLine($"| {name} | {string.Join(" | ", medians.Select(m => m.ToString(m == best ? "**0.0**" : "0.0", CultureInfo.InvariantCulture)))} |");
            }
        }
        foreach (var engine in engines) engine.Dispose();
    }
}
