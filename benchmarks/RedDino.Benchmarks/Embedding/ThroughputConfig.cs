using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace RedDino.Benchmarks.Embedding;

/// <summary>ShortRun (3 warm-ups, 3 measured iterations, 1 launch) in process: generating and building a
/// separate benchmark project next to LibTorch would take longer than the measurement on 2 cores. One
/// invocation (64 images through a vits14) takes tens of seconds on 2 CPU cores, hence the long timeout.</summary>
internal sealed class ThroughputConfig : ManualConfig
{
    public ThroughputConfig()
    {
        AddJob(Job.ShortRun.WithToolchain(new InProcessEmitToolchain(TimeSpan.FromHours(2), logOutput: true)));
        AddColumn(new ImagesPerSecondColumn());
    }
}
