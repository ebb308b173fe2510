namespace RedDino.MLNet.Classifiers;

/// <summary>Tuning of the exact nearest-neighbor search (<see cref="NearestNeighborIndex"/>). The
/// defaults suit D = 384..1024 on a few cores; results never depend on these values.</summary>
public sealed class NeighborSearchOptions
{
    /// <summary>Queries per distance block. Memory: QueryBlockSize x ReferenceBlockSize floats for the block of distances.</summary>
    public int QueryBlockSize = 1024;

    /// <summary>References per distance block.</summary>
    public int ReferenceBlockSize = 4096;

    /// <summary>Candidates kept per query beyond k in the float32 pass, then re-ranked in float64. A
    /// query whose k-th float64 distance is not safely inside the float32 candidate set (near ties at
    /// the boundary) is recomputed in float64 against every reference, so this only affects speed.</summary>
    public int CandidateMargin = 16;

    /// <summary>ONNX Runtime intra-op threads for the distance product; 0 = one per physical core.</summary>
    public int Threads;

    internal void Validate()
    {
        if (QueryBlockSize < 1) throw new ArgumentOutOfRangeException(nameof(QueryBlockSize), QueryBlockSize, "must be at least 1");
        if (ReferenceBlockSize < 1) throw new ArgumentOutOfRangeException(nameof(ReferenceBlockSize), ReferenceBlockSize, "must be at least 1");
        if (CandidateMargin < 0) throw new ArgumentOutOfRangeException(nameof(CandidateMargin), CandidateMargin, "must not be negative");
        if (Threads < 0) throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "must not be negative");
    }
}
