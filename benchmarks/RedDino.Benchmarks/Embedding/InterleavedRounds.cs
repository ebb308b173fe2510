using System.Diagnostics;
using System.Globalization;

namespace RedDino.Benchmarks.Embedding;

/// <summary>Runs named cases in interleaved rounds (every case once per round, after one warm-up pass) and
/// keeps each case's rate per round. On a shared machine whose load drifts over minutes, running cases one
/// after another favours whichever ran in a quiet spell; interleaving exposes every case to the same drift,
/// and ratios are taken between medians of the same rounds. Each timing also records the CPU time the case
/// used (this process's threads, or a child process's when the case reports it): images per CPU-second moves
/// far less with other programs' load than images per wall-second does.</summary>
internal sealed class InterleavedRounds
{
    private readonly List<(string Name, Func<(int Images, TimeSpan? ChildCpu)> Run)> _cases = [];
    private readonly Dictionary<string, List<double>> _rates = [];
    private readonly Dictionary<string, List<double>> _cpuRates = [];

    /// <summary>Adds an in-process case; <paramref name="run"/> returns how many images it embedded.</summary>
    public void Add(string name, Func<int> run) => Add(name, () => (run(), (TimeSpan?)null));

    /// <summary>Adds a case that runs a child process and reports the images and the child's CPU time.</summary>
    public void Add(string name, Func<(int Images, TimeSpan? ChildCpu)> run)
    {
        _cases.Add((name, run));
        _rates[name] = [];
        _cpuRates[name] = [];
    }

    /// <summary>Warms every case up once, then runs <paramref name="rounds"/> rounds, printing each timing.</summary>
    public void Run(int rounds)
    {
        foreach (var (_, run) in _cases) run(); // JIT, first allocations, ONNX Runtime arenas
        for (var round = 1; round <= rounds; round++)
            foreach (var (name, run) in _cases)
            {
                var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                var (images, childCpu) = run();
                var rate = images / watch.Elapsed.TotalSeconds;
                var cpu = childCpu ?? Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
                var cpuRate = images / cpu.TotalSeconds;
                _rates[name].Add(rate);
                _cpuRates[name].Add(cpuRate);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round}: {name,-44} {rate,8:0.00} images/s {cpuRate,8:0.00} images/CPU-s"));
            }
    }

    /// <summary>The cases' names, in the order they were added.</summary>
    public IEnumerable<string> Names => _cases.Select(c => c.Name);

    /// <summary>Median images/s of a case over the rounds.</summary>
    public double Median(string name) => MedianOf(_rates[name]);

    /// <summary>Median images per CPU-second of a case over the rounds.</summary>
    public double CpuMedian(string name) => MedianOf(_cpuRates[name]);

    /// <summary>Best median among the cases whose name starts with <paramref name="prefix"/>.</summary>
    public double Best(string prefix) => _rates.Where(r => r.Key.StartsWith(prefix, StringComparison.Ordinal)).Max(r => MedianOf(r.Value));

    /// <summary>Prints every case's median.</summary>
    public void PrintMedians()
    {
        Console.WriteLine();
        Console.WriteLine("median images/s (and images per CPU-second) over the rounds:");
        foreach (var (name, _) in _cases)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-44} {Median(name),8:0.00} {CpuMedian(name),8:0.00}"));
    }

    public static double MedianOf(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
