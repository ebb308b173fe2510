using static TorchSharp.torch;

namespace RedDino.Pretraining.Losses;

/// <summary>DINO's running-mean teacher centering: targets = softmax((t - c) / temp) and
/// c &lt;- m c + (1 - m) mean(t). As in DINOv2 the mean of a batch is applied just before the next
/// batch is centred (the update is queued, then applied lazily), so batch i is centred with the
/// means of batches 0..i-1. The state (center and queued mean) lives outside every dispose scope
/// and is saved in checkpoints.</summary>
public sealed class RunningCenter : IDisposable
{
    private Tensor center;   // [1, K]
    private Tensor? pending; // [1, K] mean of the last batch, not yet applied

    public RunningCenter(long prototypes, double momentum = 0.9)
    {
        Momentum = momentum;
        center = zeros(1, prototypes).DetachFromDisposeScope();
    }

    public double Momentum { get; }

    /// <summary>The center in effect for the next batch, after any queued update ([1, K]).</summary>
    public Tensor Center
    {
        get
        {
            ApplyPending();
            return center;
        }
    }

    /// <summary>Centred, sharpened targets for [N, K] teacher logits; queues their mean.</summary>
    public Tensor Targets(Tensor teacherLogits, double teacherTemp)
    {
        using var noGrad = no_grad();
        ApplyPending();
        Tensor result;
        using (var scope = NewDisposeScope())
        {
            var logits = teacherLogits.to_type(ScalarType.Float32);
            result = logits.sub(center).div_(teacherTemp).softmax(-1).MoveToOuterDisposeScope();
            pending = logits.mean([0], keepdim: true).DetachFromDisposeScope();
        }
        return result;
    }

    /// <summary>Replaces the state (used when resuming): center [1, K] and the queued mean or null.</summary>
    public void Load(Tensor newCenter, Tensor? newPending)
    {
        center.Dispose();
        pending?.Dispose();
        center = newCenter.detach().clone().DetachFromDisposeScope();
        pending = newPending?.detach().clone().DetachFromDisposeScope();
    }

    /// <summary>The raw state for checkpoints: the applied center and the queued mean (or null).</summary>
    public (Tensor Center, Tensor? Pending) State => (center, pending);

    private void ApplyPending()
    {
        if (pending is null) return;
        using var noGrad = no_grad();
        var updated = center.mul(Momentum).add_(pending, alpha: 1 - Momentum).DetachFromDisposeScope();
        center.Dispose();
        pending.Dispose();
        center = updated;
        pending = null;
    }

    public void Dispose()
    {
        center.Dispose();
        pending?.Dispose();
    }
}
