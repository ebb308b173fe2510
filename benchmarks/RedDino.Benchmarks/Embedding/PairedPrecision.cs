using System.Globalization;
using RedDino.Formats.Onnx.Precision;
using RedDino.MLNet.Embeddings;

namespace RedDino.Benchmarks.Embedding;

/// <summary><c>--paired-precision [rounds] [batch]</c>: the vits14 at fp32 and int8, each through (a) the engine
/// from image files and (c) ML.NET's stock ApplyOnnxModel pipeline, in interleaved rounds
/// (<see cref="InterleavedRounds"/>); prints the medians, the int8 / fp32 ratio of each method and the per-row
/// cosine of the int8 embeddings to the fp32 ones. The bare Run loop (b) of the other suites is left out: with
/// six sessions in one process on a loaded 2-core machine it measured 4x the engine's CPU time per image, a
/// figure no other run reproduced (the batch-size table gives the engine's own int8 / fp32 ratio per batch).</summary>
internal static class PairedPrecision
{
    public static void Run(int rounds, int batch)
    {
        var cases = new InterleavedRounds();
        var suites = new List<(EmbeddingThroughputBenchmarks Engine, StockMlNetThroughputBenchmarks Stock)>();
        var precisions = new[] { ModelPrecision.Fp32, ModelPrecision.Int8 };
        foreach (var precision in precisions)
        {
            var model = BenchmarkModels.Vits14(precision);
            var engine = new EmbeddingThroughputBenchmarks { BatchSize = batch, Model = model };
            var stock = new StockMlNetThroughputBenchmarks { Model = model };
            engine.Setup();
            stock.Setup();
            suites.Add((engine, stock));
            var names = Names(batch, precision);
            cases.Add(names[0], engine.EngineFromFiles);
            cases.Add(names[1], stock.StockPipeline);
        }
        cases.Run(rounds);
        cases.PrintMedians();
        Console.WriteLine();
        double Median(string method, ModelPrecision p) => cases.Median(Names(batch, p).Single(n => n.StartsWith(method, StringComparison.Ordinal)));
        foreach (var method in new[] { "(a)", "(c)" })
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{method} int8 / fp32 = {Median(method, ModelPrecision.Int8) / Median(method, ModelPrecision.Fp32):0.00}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"(a) engine int8 / (c) stock ML.NET fp32 = {Median("(a)", ModelPrecision.Int8) / Median("(c)", ModelPrecision.Fp32):0.00}"));

        var manifest = ThroughputInputs.Manifest();
        float[] Embed(ModelPrecision p)
        {
            using var engine = new EmbeddingEngine(BenchmarkModels.Vits14(p), new RedDinoEmbeddingOptions { BatchSize = batch, Device = EmbeddingDevice.Cpu });
            return engine.Embed(manifest).Values;
        }
        var cosines = RowCosines(Embed(ModelPrecision.Fp32), Embed(ModelPrecision.Int8), 384);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"int8 vs fp32 embeddings, {cosines.Length} rows: cosine min {cosines.Min():0.00000}, median {InterleavedRounds.MedianOf(cosines):0.00000}"));
        foreach (var (engine, stock) in suites)
        {
            engine.Cleanup();
            stock.Cleanup();
        }
    }

    private static string[] Names(int batch, ModelPrecision precision) =>
    [
        $"(a) engine, files, batch {batch}, {precision.Name()}",
        $"(c) stock ML.NET, batch 1, {precision.Name()}",
    ];

    /// <summary>Cosine of row i of a and b, both [rows, dim].</summary>
    public static double[] RowCosines(float[] a, float[] b, int dim) =>
        Enumerable.Range(0, a.Length / dim).Select(r =>
        {
            double dot = 0, na = 0, nb = 0;
            for (var j = r * dim; j < (r + 1) * dim; j++) { dot += a[j] * (double)b[j]; na += a[j] * (double)a[j]; nb += b[j] * (double)b[j]; }
            return dot / Math.Sqrt(na * nb);
        }).ToArray();
}
