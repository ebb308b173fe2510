using RedDino.Pretraining.Config;

namespace RedDino.Pretraining.Train;

/// <summary>The per-iteration values DINOv2 computes up front (train/train.py build_schedulers):
/// learning rate (linear warmup from 0, then cosine to min_lr), the last layer's learning rate
/// (the same, but 0 while the last layer is frozen), weight decay (cosine), teacher EMA momentum
/// (cosine) and teacher temperature (linear warmup, then constant).</summary>
public sealed class TrainingSchedules
{
    public required CosineSchedule Lr { get; init; }
    public required CosineSchedule LastLayerLr { get; init; }
    public required CosineSchedule WeightDecay { get; init; }
    public required CosineSchedule Momentum { get; init; }
    public required CosineSchedule TeacherTemp { get; init; }

    public static TrainingSchedules From(PretrainConfig c)
    {
        var total = c.TotalIterations;
        var peakLr = c.Optim.ScaledLr(c.Train.BatchSize);
        var warmup = c.EpochsToIterations(c.Optim.WarmupEpochs);
        var ttIterations = c.EpochsToIterations(c.Teacher.WarmupTeacherTempEpochs);
        return new TrainingSchedules
        {
            Lr = new CosineSchedule(peakLr, c.Optim.MinLr, total, warmup),
            LastLayerLr = new CosineSchedule(peakLr, c.Optim.MinLr, total, warmup)
                .Override(c.EpochsToIterations(c.Optim.FreezeLastLayerEpochs), 0.0),
            WeightDecay = new CosineSchedule(c.Optim.WeightDecay, c.Optim.WeightDecayEnd, total),
            Momentum = new CosineSchedule(c.Teacher.MomentumTeacher, c.Teacher.FinalMomentumTeacher, total),
            TeacherTemp = new CosineSchedule(c.Teacher.TeacherTemp, c.Teacher.TeacherTemp, ttIterations, ttIterations,
                c.Teacher.WarmupTeacherTemp),
        };
    }
}
