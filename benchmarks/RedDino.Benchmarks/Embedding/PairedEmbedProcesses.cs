using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using RedDino.Formats.Onnx.Precision;
using RedDino.MLNet.Embeddings;

namespace RedDino.Benchmarks.Embedding;

/// <summary><c>--paired-embed [rounds] [batch]</c>: the acceptance measurement of reduced precision: whole
/// <c>reddino embed</c> processes (start-up, model load, decoding, inference, writing; no cache, CPU) on the 64
/// cell crops, the vits14 at fp32 and at int8 alternating, images/s = 64 / process wall time, medians over the
/// rounds, then the per-row cosine of the int8 embeddings to the fp32 ones. Needs the Release CLI
/// (<c>dotnet build src/RedDino.Cli -c Release</c>).</summary>
internal static class PairedEmbedProcesses
{
    public static void Run(int rounds, string batch)
    {
        var cli = Path.Combine(RepositoryPaths.Root, "src", "RedDino.Cli", "bin", "Release", "net10.0", "reddino.dll");
        if (!File.Exists(cli)) throw new FileNotFoundException($"{cli} not found: build it first with `dotnet build src/RedDino.Cli -c Release`", cli);
        var folder = Path.Combine(RepositoryPaths.Root, "BenchmarkDotNet.Artifacts", "paired-embed");
        Directory.CreateDirectory(folder);
        var manifest = Path.Combine(folder, "cells.csv");
        ThroughputInputs.Manifest().Write(manifest);

        var outputs = new Dictionary<ModelPrecision, string>();
        var cases = new InterleavedRounds();
        foreach (var precision in new[] { ModelPrecision.Fp32, ModelPrecision.Int8 })
        {
            var model = BenchmarkModels.Vits14(precision);
            var output = outputs[precision] = Path.Combine(folder, $"{precision.Name()}.csv");
            cases.Add($"reddino embed process, batch {batch}, {precision.Name()}", () =>
                (ThroughputInputs.ImageCount, RunProcess(cli, ["embed", "--model", model, "--manifest", manifest, "--out", output, "--no-cache", "--device", "cpu", "--batch-size", batch])));
        }
        cases.Run(rounds);
        cases.PrintMedians();
        var (fp32, int8) = (cases.Median($"reddino embed process, batch {batch}, fp32"), cases.Median($"reddino embed process, batch {batch}, int8"));
        var (fp32Cpu, int8Cpu) = (cases.CpuMedian($"reddino embed process, batch {batch}, fp32"), cases.CpuMedian($"reddino embed process, batch {batch}, int8"));
        var a = EmbeddingSet.Read(outputs[ModelPrecision.Fp32]);
        var b = EmbeddingSet.Read(outputs[ModelPrecision.Int8]);
        var cosines = PairedPrecision.RowCosines(a.Values, b.Values, a.Dimension);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"int8 / fp32 = {int8 / fp32:0.00} (target >= 2), per CPU-second {int8Cpu / fp32Cpu:0.00}; cosine int8 vs fp32 over {cosines.Length} rows: min {cosines.Min():0.00000}, median {InterleavedRounds.MedianOf(cosines):0.00000} (target >= 0.99 on every row)"));
    }

    // Runs `dotnet reddino.dll ARGS`; returns the child's CPU time (user + system, all its threads), from the
    // kernel's account of waited-for children (a Process object can no longer be asked once it has exited).
    private static TimeSpan RunProcess(string cli, IEnumerable<string> args)
    {
        var before = ChildrenCpuTime();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(cli);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"reddino embed failed ({process.ExitCode}): {stderr.Result}");
        return ChildrenCpuTime() - before;
    }

    private static TimeSpan ChildrenCpuTime()
    {
        if (!OperatingSystem.IsLinux() || GetRusage(RusageChildren, out var usage) != 0) return TimeSpan.Zero;
        return TimeSpan.FromMicroseconds((usage.UserSeconds + usage.SystemSeconds) * 1e6 + usage.UserMicroseconds + usage.SystemMicroseconds);
    }

    private const int RusageChildren = -1;

    // struct rusage on 64-bit Linux: two struct timeval, then 14 longs this check does not read.
    [StructLayout(LayoutKind.Sequential)]
    private struct Rusage
    {
        public long UserSeconds, UserMicroseconds, SystemSeconds, SystemMicroseconds;
        private readonly long _r0, _r1, _r2, _r3, _r4, _r5, _r6, _r7, _r8, _r9, _r10, _r11, _r12, _r13;
    }

    [DllImport("libc", EntryPoint = "getrusage")]
    private static extern int GetRusage(int who, out Rusage usage);
}
