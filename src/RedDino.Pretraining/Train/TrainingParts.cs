using RedDino.Pretraining.Config;
using RedDino.Pretraining.Data;
using RedDino.Pretraining.Data.Augment;
using RedDino.Pretraining.Data.Sources;
using static TorchSharp.torch;

namespace RedDino.Pretraining.Train;

/// <summary>Everything a training run builds from one configuration, in the run's order: the seed, student
/// and teacher (the student from <c>student.pretrained_weights</c> when set), the teacher copied from the
/// student, AdamW with DINOv2's parameter groups, the schedules and the step; then the training images,
/// the crop augmenter, the iBOT block masks and the batch layout. <see cref="PretrainingRun"/>, the tests
/// and the step benchmark all start here, so what they measure is what a run trains.</summary>
public sealed class TrainingParts : IDisposable
{
    public TrainingParts(PretrainConfig config)
    {
        Config = config;
        manual_seed(config.Train.Seed);
        Student = ModelFactory.Create(config);
        Teacher = ModelFactory.Create(config, initialize: false); // InitialiseTeacherFromStudent sets every weight
        if (config.Student.PretrainedWeights.Length > 0)
            PretrainedWeights.LoadBackbone(Student.Backbone, config.Student.PretrainedWeights);
        Meta = new SslMetaArch(config, Student, Teacher);
        Meta.InitialiseTeacherFromStudent();
        Schedules = TrainingSchedules.From(config);
        Optimizer = new GroupedAdamW(ParamGroups.Build(Student, config.Optim.LayerwiseDecay, config.Optim.PatchEmbedLrMult),
            config.Optim.AdamwBeta1, config.Optim.AdamwBeta2);
        Step = new TrainingStep(config, Meta, Optimizer, Schedules);

        Images = TrainingImages.Open(config.Data);
        Augmenter = new CropAugmenter(config.Crops, config.Augmentation);
        var grid = config.Crops.GlobalCropsSize / config.Student.PatchSize; // patches per side of a global crop
        Masks = new MaskingGenerator(grid, config.Ibot.MaskMinPatchesPerBlock, grid * grid / 2, config.Ibot.MaskMinAspect);
        Spec = new BatchSpec(config.Train.BatchSize, Meta.LocalCropsNeeded, config.Train.Seed, config.Train.NumWorkers,
            config.Train.PrefetchBatches, Meta.DoIbot ? config.Ibot.MaskSampleProbability : 0,
            config.Ibot.MaskRatioMinMax[0], config.Ibot.MaskRatioMinMax[1]);
        Order = new SampleOrder(config.Train.Seed, Images.Count);
    }

    public PretrainConfig Config { get; }
    public SslModel Student { get; }
    public SslModel Teacher { get; }
    public SslMetaArch Meta { get; }
    public TrainingSchedules Schedules { get; }
    public GroupedAdamW Optimizer { get; }
    public TrainingStep Step { get; }
    public ITrainingImages Images { get; }
    public CropAugmenter Augmenter { get; }
    public MaskingGenerator Masks { get; }
    public BatchSpec Spec { get; }
    public SampleOrder Order { get; }

    /// <summary>The batch of <paramref name="iteration"/>, built on the calling thread and the spec's workers.</summary>
    public TrainingBatch Batch(long iteration) => BatchLoader.Build(Images, Augmenter, Masks, Spec, Order, iteration);

    /// <summary>A loader that builds iterations [<paramref name="start"/>, <paramref name="end"/>) ahead of the step.</summary>
    public BatchLoader Loader(long start, long end) => new(Images, Augmenter, Masks, Spec, start, end);

    public void Dispose()
    {
        Optimizer.Dispose();
        Meta.Dispose();
        Student.Dispose();
        Teacher.Dispose();
    }
}
