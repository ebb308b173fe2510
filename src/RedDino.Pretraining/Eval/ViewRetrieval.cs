using static TorchSharp.torch;

namespace RedDino.Pretraining.Eval;

/// <summary>Top-1 view retrieval, a learning signal that needs no labels: for 2N embeddings where
/// rows i and i + N are two views of the same image, the share of the 2N rows whose nearest other
/// row by cosine similarity is their partner. A hit needs the partner strictly closer than every
/// other row, so collapsed (identical) features score 0, not a tie broken by position. Chance level
/// is 1 / (2N - 1).</summary>
public static class ViewRetrieval
{
    /// <param name="embeddings">[2N, D]: the first views of N images, then their second views, same order.</param>
    /// <returns>The top-1 accuracy in [0, 1].</returns>
    public static double Top1(Tensor embeddings)
    {
        if (embeddings.dim() != 2 || embeddings.shape[0] < 4 || embeddings.shape[0] % 2 != 0)
            throw new ArgumentException($"embeddings must be [2N, D] with N >= 2, got [{string.Join(", ", embeddings.shape)}]");
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var rows = embeddings.shape[0];
        var n = rows / 2;
        var z = nn.functional.normalize(embeddings.detach().to_type(ScalarType.Float64), p: 2, dim: 1, eps: 1e-12); // [2N, D]
        var similarity = z.mm(z.t());                                                                   // [2N, 2N]
        similarity.diagonal().fill_(double.NegativeInfinity);                                           // never itself
        var partner = arange(rows, ScalarType.Int64).add(n).remainder(rows).unsqueeze(1);               // [2N, 1]: i <-> i + N
        var partnerSimilarity = similarity.gather(1, partner).squeeze(1);                               // [2N]
        var others = similarity.scatter(1, partner, full(rows, 1, double.NegativeInfinity, ScalarType.Float64)); // partner masked
        var hits = partnerSimilarity.gt(others.amax([1]));                                              // [2N]
        return hits.to_type(ScalarType.Float64).mean().item<double>();
    }

    /// <summary>The expected top-1 accuracy of a random ranking of 2N views.</summary>
    public static double Chance(int images) => 1.0 / (2 * images - 1);
}
