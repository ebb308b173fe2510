using RedDino.Pretraining.Config;
using RedDino.Pretraining.Data;
using static TorchSharp.torch;

namespace RedDino.Pretraining.Train;

/// <summary>One iteration (DINOv2 train/train.py do_train's loop body) inside its own dispose scope:
/// <see cref="Backward"/> (schedules into the optimiser groups, zero gradients, forward and
/// backward, a non-finite loss stops everything) then <see cref="Update"/> (per-module gradient
/// clipping, AdamW step, EMA teacher update). <see cref="Run"/> is the two in order; the parity
/// test calls them one by one to compare the gradients in between.</summary>
public sealed class TrainingStep(PretrainConfig config, SslMetaArch meta, GroupedAdamW optimizer, TrainingSchedules schedules)
{
    public TrainingSchedules Schedules => schedules;

    /// <param name="describeLastCheckpoint">Named in the error when the loss is not finite.</param>
    public StepLosses Run(TrainingBatch batch, long iteration, string? describeLastCheckpoint = null)
    {
        var losses = Backward(batch, iteration, describeLastCheckpoint);
        Update(iteration);
        return losses;
    }

    /// <summary>Sets lr and weight decay of <paramref name="iteration"/>, then computes the losses
    /// and leaves their gradients in the student.</summary>
    public StepLosses Backward(TrainingBatch batch, long iteration, string? describeLastCheckpoint = null)
    {
        using var scope = NewDisposeScope();
        optimizer.SetSchedules(schedules.Lr[iteration], schedules.LastLayerLr[iteration], schedules.WeightDecay[iteration]);
        optimizer.ZeroGrad();
        var losses = meta.ForwardBackward(batch, schedules.TeacherTemp[iteration]);
        if (!losses.IsFinite)
            throw new TrainingDivergedException(
                $"training diverged: the loss is not finite at iteration {iteration} (counted from 0, as in losses.csv): " +
                $"{string.Join(", ", losses.NonFiniteTerms().Select(t => $"{t.Name} is {t.Value}"))}. " +
                $"The run stopped; its last checkpoint is kept ({describeLastCheckpoint ?? "none was written yet"}). " +
                "Start again with a lower optim.base_lr (or a higher teacher temperature).");
        return losses;
    }

    /// <summary>Clips the student's gradients per module, steps AdamW and moves the teacher by
    /// the EMA momentum of <paramref name="iteration"/>.</summary>
    public void Update(long iteration)
    {
        using var scope = NewDisposeScope();
        GroupedAdamW.ClipGradients(meta.Student, config.Optim.ClipGrad);
        optimizer.Step();
        meta.UpdateTeacher(schedules.Momentum[iteration]);
    }
}
