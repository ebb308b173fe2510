using System.Globalization;
using BenchmarkDotNet.Running;
using RedDino.Benchmarks.Embedding;

namespace RedDino.Benchmarks;

/// <summary>Runs the suites picked on the command line, e.g.
/// <c>dotnet run -c Release --project benchmarks/RedDino.Benchmarks -- --filter '*Throughput*'</c>
/// or <c>--filter '*Knn*'</c> (no arguments: an interactive menu). <c>-- --paired [rounds]</c> runs the
/// embedding throughput cases interleaved instead (see <see cref="PairedThroughput"/>).</summary>
internal static class Program
{
    private static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "--paired")
        {
            PairedThroughput.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3);
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
