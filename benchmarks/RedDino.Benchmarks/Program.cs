using BenchmarkDotNet.Running;

namespace RedDino.Benchmarks;

/// <summary>Runs the suites chosen on the command line, e.g.
/// `dotnet run -c Release --project benchmarks/RedDino.Benchmarks -- --filter '*Knn*'`.</summary>
internal static class Program
{
    private static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
