using RedDino.Pretraining.Config;
using static TorchSharp.torch;

namespace RedDino.Pretraining.Train;

/// <summary>The model side of a training run, in the run's order: the seed, student and teacher (the
/// student from <c>student.pretrained_weights</c> when set), the teacher copied from the student,
/// AdamW with DINOv2's parameter groups, the schedules and the step. No image is read here, so the
/// step parity test can feed it fixed crops; <see cref="TrainingParts"/> adds the data side.</summary>
public sealed class TrainingCore : IDisposable
{
    public TrainingCore(PretrainConfig config)
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
    }

    public PretrainConfig Config { get; }
    public SslModel Student { get; }
    public SslModel Teacher { get; }
    public SslMetaArch Meta { get; }
    public TrainingSchedules Schedules { get; }
    public GroupedAdamW Optimizer { get; }
    public TrainingStep Step { get; }

    public void Dispose()
    {
        Optimizer.Dispose();
        Meta.Dispose();
        Student.Dispose();
        Teacher.Dispose();
    }
}
