using System.Diagnostics;
using System.Globalization;

namespace RedDino.Benchmarks.Embedding;

/// <summary><c>--paired [rounds]</c>: the throughput suites' methods run in interleaved rounds
/// ((a) and (b) at batch 1, 8, 32, then (c)), each timed over all images, and the median per method is
/// printed. On a shared machine whose load drifts over minutes, BenchmarkDotNet's one-case-after-another
/// order can favour whichever case ran in a quiet spell; interleaving exposes every case to the same drift.</summary>
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

        var cases = new List<(string Name, Func<int> Run)>();
        foreach (var (batch, suite) in engine)
        {
            cases.Add(($"(a) engine, files, batch {batch}", suite.EngineFromFiles));
            cases.Add(($"(b) bare ORT Run, batch {batch}", suite.BareOnnxRuntime));
        }
        cases.Add(("(c) stock ML.NET, batch 1", stock.StockPipeline));

        foreach (var (_, run) in cases) run(); // warm-up: JIT, first allocations, ORT arenas
        var rates = cases.ToDictionary(c => c.Name, _ => new List<double>());
        for (var round = 1; round <= rounds; round++)
            foreach (var (name, run) in cases)
            {
                var watch = Stopwatch.StartNew();
                run();
                var rate = ThroughputInputs.ImageCount / watch.Elapsed.TotalSeconds;
                rates[name].Add(rate);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round}: {name,-32} {rate,7:0.00} images/s"));
            }

        Console.WriteLine();
        Console.WriteLine("median images/s over the rounds:");
        foreach (var (name, values) in rates)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-32} {Median(values),7:0.00}"));
        double Best(string prefix) => rates.Where(r => r.Key.StartsWith(prefix, StringComparison.Ordinal)).Max(r => Median(r.Value));
        var (a, b, c) = (Best("(a)"), Best("(b)"), Best("(c)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"(a) best / (b) best = {a / b:0.00} (target >= 0.9);  (a) best / (c) = {a / c:0.00} (target >= 1.1)"));

        foreach (var suite in engine.Values) suite.Cleanup();
        stock.Cleanup();
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
