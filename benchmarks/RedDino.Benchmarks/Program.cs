using BenchmarkDotNet.Running;

namespace RedDino.Benchmarks;

/// <summary>Runs the suites picked on the command line, e.g.
/// <c>dotnet run -c Release --project benchmarks/RedDino.Benchmarks -- --filter '*Throughput*'</c>
/// or <c>--filter '*Knn*'</c> (no arguments: an interactive menu).</summary>
internal static class Program
{
    private static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
