using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace RedDino.Benchmarks.Embedding;

/// <summary>ShortRun (3 warm-ups, 3 measured iterations, 1 launch) in process: generating and building a
/// separate benchmark project next to LibTorch would take longer than the measurement on 2 cores.</summary>
internal sealed class ThroughputConfig : ManualConfig
{
    public ThroughputConfig()
    {
        AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
        AddColumn(new ImagesPerSecondColumn());
    }
}
