using RedDino.Pretraining.Config;
using RedDino.Pretraining.Data;
using RedDino.Pretraining.Data.Augment;
using RedDino.Pretraining.Data.Sources;
using RedDino.Pretraining.Eval;

namespace RedDino.Pretraining.Train;

/// <summary>Everything a training run builds from one configuration: the model side
/// (<see cref="TrainingCore"/>: seed, student, teacher, optimiser, schedules, step), then the training
/// images (minus the held-out retrieval set), the crop augmenter, the iBOT block masks, the batch layout
/// and the retrieval probe. <see cref="PretrainingRun"/>,
/// the tests and the step benchmark all start here, so what they measure is what a run trains.</summary>
public sealed class TrainingParts : IDisposable
{
    public TrainingParts(PretrainConfig config)
    {
        Config = config;
        Core = new TrainingCore(config);
        ITrainingImages? heldOut;
        try
        {
            (Images, heldOut) = HeldOutImages.Split(TrainingImages.Open(config.Data), config.Eval);
        }
        catch
        {
            Core.Dispose(); // a bad data source must not leak the models
            throw;
        }
        Augmenter = new CropAugmenter(config.Crops, config.Augmentation, config.EpochsToIterations(config.Augmentation.InvarianceWarmupEpochs));
        Retrieval = heldOut is null ? null
            : new RetrievalProbe(new AugmentedViewPairs(heldOut, Augmenter, config.Eval.RetrievalSeed), config.Eval.RetrievalBatchSize, config.Train.NumWorkers);
        var grid = config.Crops.GlobalCropsSize / config.Student.PatchSize; // patches per side of a global crop
        Masks = new MaskingGenerator(grid, config.Ibot.MaskMinPatchesPerBlock, grid * grid / 2, config.Ibot.MaskMinAspect);
        Spec = new BatchSpec(config.Train.BatchSize, Meta.LocalCropsNeeded, config.Train.Seed, config.Train.NumWorkers,
            config.Train.PrefetchBatches, Meta.DoIbot ? config.Ibot.MaskSampleProbability : 0,
            config.Ibot.MaskRatioMinMax[0], config.Ibot.MaskRatioMinMax[1]);
        Order = new SampleOrder(config.Train.Seed, Images.Count);
    }

    public PretrainConfig Config { get; }
    public TrainingCore Core { get; }
    public SslModel Student => Core.Student;
    public SslModel Teacher => Core.Teacher;
    public SslMetaArch Meta => Core.Meta;
    public TrainingSchedules Schedules => Core.Schedules;
    public GroupedAdamW Optimizer => Core.Optimizer;
    public TrainingStep Step => Core.Step;
    /// <summary>What training samples: the data source minus the retrieval set when that is held out of it.</summary>
    public ITrainingImages Images { get; }
    /// <summary>The view-retrieval signal on the held-out images (null when eval.retrieval_images is 0).</summary>
    public RetrievalProbe? Retrieval { get; }
    public CropAugmenter Augmenter { get; }
    public MaskingGenerator Masks { get; }
    public BatchSpec Spec { get; }
    public SampleOrder Order { get; }

    /// <summary>The batch of <paramref name="iteration"/>, built on the calling thread and the spec's workers.</summary>
    public TrainingBatch Batch(long iteration) => BatchLoader.Build(Images, Augmenter, Masks, Spec, Order, iteration);

    /// <summary>A loader that builds iterations [<paramref name="start"/>, <paramref name="end"/>) ahead of the step.</summary>
    public BatchLoader Loader(long start, long end) => new(Images, Augmenter, Masks, Spec, start, end);

    public void Dispose() => Core.Dispose();
}
