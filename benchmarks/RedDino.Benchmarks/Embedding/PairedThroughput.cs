using System.Globalization;

namespace RedDino.Benchmarks.Embedding;

/// <summary><c>--paired [rounds]</c>: the throughput suites' methods run in interleaved rounds
/// ((a) and (b) at batch 1, 8, 32, then (c)), each timed over all images, and the median per method is
/// printed (<see cref="InterleavedRounds"/>).</summary>
internal static class PairedThroughput
{
    public static void Run(int rounds)
    {
        var engine = new Dictionary<int, EmbeddingThroughputBenchmarks>();
        foreach (var batch in new[] { 1, 8, 32 })
        {
            engine[batch] = new EmbeddingThroughputBenchmarks { BatchSize = batch };
            engine[batch].Setup();
        }
        var stock = new StockMlNetThroughputBenchmarks();
        stock.Setup();

        var cases = new InterleavedRounds();
        foreach (var (batch, suite) in engine)
        {
            cases.Add($"(a) engine, files, batch {batch}", suite.EngineFromFiles);
            cases.Add($"(b) bare ORT Run, batch {batch}", suite.BareOnnxRuntime);
        }
        cases.Add("(c) stock ML.NET, batch 1", stock.StockPipeline);
        cases.Run(rounds);
        cases.PrintMedians();
        var (a, b, c) = (cases.Best("(a)"), cases.Best("(b)"), cases.Best("(c)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"(a) best / (b) best = {a / b:0.00} (target >= 0.9);  (a) best / (c) = {a / c:0.00} (target >= 1.1)"));

        foreach (var suite in engine.Values) suite.Cleanup();
        stock.Cleanup();
    }
}
