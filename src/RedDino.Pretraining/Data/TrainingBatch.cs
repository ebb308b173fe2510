using static TorchSharp.torch;

namespace RedDino.Pretraining.Data;

/// <summary>One collated batch (DINOv2 data/collate.py), owned by whoever takes it from the loader.
/// Global crops are crop-major: rows 0..B-1 are crop 0 of every image, rows B..2B-1 crop 1.</summary>
public sealed class TrainingBatch : IDisposable
{
    public required long Iteration { get; init; }
    /// <summary>[2B, 3, S, S] normalised global crops.</summary>
    public required Tensor Global { get; init; }
    /// <summary>[L B, 3, s, s] local crops, crop-major; null when none are needed.</summary>
    public required Tensor? Local { get; init; }
    /// <summary>[2B, N] bool iBOT masks of the global crops.</summary>
    public required Tensor Masks { get; init; }
    /// <summary>[M] flat indices of the masked patches in [2B * N].</summary>
    public required Tensor MaskIndices { get; init; }
    /// <summary>[M] 1 / m_i for each masked patch.</summary>
    public required Tensor MasksWeight { get; init; }
    public required int UpperBound { get; init; }
    /// <summary>Dataset indices of the B images, in batch order.</summary>
    public required int[] SampleIndices { get; init; }
    /// <summary>Seconds spent loading and augmenting (summed over workers).</summary>
    public double LoadSeconds { get; init; }

    public int BatchSize => SampleIndices.Length;
    public long MaskedPatches => MaskIndices.shape[0];

    /// <summary>Detaches the tensors from any dispose scope (batches are made on loader threads).</summary>
    internal TrainingBatch Detach()
    {
        Global.DetachFromDisposeScope();
        Local?.DetachFromDisposeScope();
        Masks.DetachFromDisposeScope();
        MaskIndices.DetachFromDisposeScope();
        MasksWeight.DetachFromDisposeScope();
        return this;
    }

    public void Dispose()
    {
        Global.Dispose();
        Local?.Dispose();
        Masks.Dispose();
        MaskIndices.Dispose();
        MasksWeight.Dispose();
    }
}
