using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using RedDino.Pretraining.Config;
using RedDino.Pretraining.Data;
using RedDino.Pretraining.Data.Augment;
using RedDino.Pretraining.Data.Sources;
using RedDino.Pretraining.Train;

namespace RedDino.Benchmarks;

/// <summary>Pretraining throughput on CPU: one training step (forward and backward of student and
/// teacher, AdamW, EMA) on pre-built batches, and building one batch (decode, crops, augmentations,
/// masks) on `train.num_workers` threads. Configurations: `nano` = pipelines/pretrain-nano.json;
/// `vits14-b8` = pipelines/pretrain-vits14.json (ViT-S/14 at 224 px, 131,072 prototypes) at batch 8.
/// Needs ../shared/data/chula-rbc-12 beside the checkout. Run with OMP_WAIT_POLICY=PASSIVE on a
/// shared machine (the suite sets it when it runs first).</summary>
[Config(typeof(Config))]
public class PretrainStepBenchmarks
{
    private TrainingParts? parts;
    private readonly List<TrainingBatch> batches = [];
    private long iteration;

    [Params("nano", "vits14-b8")]
    public string Setup { get; set; } = "nano";

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            // One invocation per measurement: a vits14 step takes tens of seconds here.
            AddJob(Job.Dry.WithToolchain(InProcessEmitToolchain.Instance).WithStrategy(RunStrategy.Monitoring)
                .WithWarmupCount(1).WithIterationCount(3).WithInvocationCount(1).WithUnrollFactor(1));
            AddColumn(new ImagesPerSecondColumn());
        }
    }

    [GlobalSetup]
    public void GlobalSetup()
    {
        NativeThreading.PreferPassiveWaiting();
        var root = RepositoryPaths.Root;
        var (file, sets) = Setup switch
        {
            "nano" => ("pretrain-nano.json", Array.Empty<string>()),
            // The step's cost does not depend on the weights: random ones stand in for DINOv2's.
            _ => ("pretrain-vits14.json", new[] { "train.batch_size=8", "student.require_pretrained_weights=false" }),
        };
        var (_, config) = PretrainConfigLoader.Load(Path.Combine(root, "pipelines", file), sets);
        parts = new TrainingParts(config);
        for (var i = 0; i < 2; i++)
            batches.Add(parts.Batch(i));
        iteration = config.EpochsToIterations(config.Optim.WarmupEpochs); // past the warmup: lr > 0
        BatchSizes[Setup] = config.Train.BatchSize;
    }

    [Benchmark]
    public double TrainingStep() => parts!.Step.Run(batches[(int)(iteration % batches.Count)], iteration++).Total;

    [Benchmark]
    public long BuildBatch()
    {
        using var batch = parts!.Batch(iteration++);
        return batch.MaskedPatches;
    }

    [GlobalCleanup]
    public void GlobalCleanup()
    {
        foreach (var b in batches) b.Dispose();
        batches.Clear();
        parts?.Dispose();
    }

    internal static readonly Dictionary<string, int> BatchSizes = [];

    /// <summary>Images (not views) per second: the configuration's batch size / mean time.</summary>
    private sealed class ImagesPerSecondColumn : IColumn
    {
        public string Id => nameof(ImagesPerSecondColumn);
        public string ColumnName => "images/s";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => "Batch size / mean time of one invocation";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
        {
            var nanoseconds = summary[benchmarkCase]?.ResultStatistics?.Mean;
            var setup = benchmarkCase.Parameters["Setup"] as string ?? "";
            return nanoseconds is > 0 && BatchSizes.TryGetValue(setup, out var b)
                ? (b / (nanoseconds.Value / 1e9)).ToString("F2", System.Globalization.CultureInfo.InvariantCulture) : "-";
        }

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public bool IsAvailable(Summary summary) => true;
    }
}
