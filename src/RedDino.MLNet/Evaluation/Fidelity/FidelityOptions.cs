namespace RedDino.MLNet.Evaluation.Fidelity;

/// <summary>What <see cref="EmbeddingFidelity"/> compares besides the per-row cosine.</summary>
public sealed class FidelityOptions
{
    /// <summary>k of the neighbour agreement: for every row, the overlap of its k nearest other rows
    /// (Euclidean, within each set) between the two sets (default 1 and 10).</summary>
    public IReadOnlyList<int> NeighborCounts = [1, 10];

    /// <summary>The downstream evaluation run on both sets when every row has a label (default: the
    /// evaluator's protocol, stratified 5-fold, with linear_probe and knn_20); null skips it.</summary>
    public EvaluationOptions? Evaluation = new() { Classifiers = ClassifierSpec.ParseList(["linear_probe", "knn_20"]) };
}
