using System.Globalization;
using BenchmarkDotNet.Running;
using RedDino.Benchmarks.Embedding;

namespace RedDino.Benchmarks;

/// <summary>Runs the suites picked on the command line, e.g.
/// <c>dotnet run -c Release --project benchmarks/RedDino.Benchmarks -- --filter '*Throughput*'</c>
/// or <c>--filter '*Knn*'</c> (no arguments: an interactive menu). Interleaved-round runners instead of
/// BenchmarkDotNet: <c>-- --paired [rounds]</c> (<see cref="PairedThroughput"/>), <c>--paired-precision [rounds]
/// [batch]</c> (<see cref="PairedPrecision"/>), <c>--paired-embed [rounds] [batch]</c> (<see cref="PairedEmbedProcesses"/>)
/// and <c>--batch-table [rounds] [batches]</c> (<see cref="BatchSizeTable"/>).</summary>
internal static class Program
{
    private static void Main(string[] args)
    {
        int Rounds() => args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        switch (args.FirstOrDefault())
        {
            case "--paired":
                PairedThroughput.Run(Rounds());
                return;
            case "--paired-precision":
                PairedPrecision.Run(Rounds(), args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1);
                return;
            case "--paired-embed":
                PairedEmbedProcesses.Run(Rounds(), args.Length > 2 ? args[2] : "auto");
                return;
            case "--batch-table":
                BatchSizeTable.Run(Rounds(), args.Length > 2 ? args[2].Split(',').Select(b => int.Parse(b, CultureInfo.InvariantCulture)).ToArray() : null);
                return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
