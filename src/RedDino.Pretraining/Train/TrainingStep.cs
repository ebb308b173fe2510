using RedDino.Pretraining.Config;
using RedDino.Pretraining.Data;
using static TorchSharp.torch;

namespace RedDino.Pretraining.Train;

/// <summary>One iteration inside its own dispose scope: schedules into the optimiser groups, zero
/// gradients, forward and backward, a non-finite loss stops everything, per-module gradient
/// clipping, AdamW step, EMA teacher update.</summary>
public sealed class TrainingStep(PretrainConfig config, SslMetaArch meta, GroupedAdamW optimizer, TrainingSchedules schedules)
{
    public TrainingSchedules Schedules => schedules;

    /// <param name="describeLastCheckpoint">Named in the error when the loss is not finite.</param>
    public StepLosses Run(TrainingBatch batch, long iteration, string? describeLastCheckpoint = null)
    {
        using var scope = NewDisposeScope();
        optimizer.SetSchedules(schedules.Lr[iteration], schedules.LastLayerLr[iteration], schedules.WeightDecay[iteration]);
        optimizer.ZeroGrad();
        var losses = meta.ForwardBackward(batch, schedules.TeacherTemp[iteration]);
        if (!losses.IsFinite)
            throw new TrainingDivergedException(
                $"loss is not finite at iteration {iteration} (total {losses.Total}, DINO {losses.DinoGlobal}, iBOT {losses.Ibot}); " +
                $"the run stopped and kept its last checkpoint ({describeLastCheckpoint ?? "none written yet"}). " +
                "Try a lower optim.base_lr or a higher teacher temperature.");
        GroupedAdamW.ClipGradients(meta.Student, config.Optim.ClipGrad);
        optimizer.Step();
        meta.UpdateTeacher(schedules.Momentum[iteration]);
        return losses;
    }
}
