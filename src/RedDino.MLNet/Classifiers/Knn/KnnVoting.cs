namespace RedDino.MLNet.Classifiers.Knn;

/// <summary>Turns a query's neighbors into per-class vote fractions and a predicted class, as
/// scikit-learn's KNeighborsClassifier does: uniform votes (mode) or 1/distance weights
/// (weighted_mode); a tie between classes goes to the class of smallest rank (the class index in ordinal
/// order of the class names, as numpy's <c>unique</c> orders them, whatever order the label's keys follow).</summary>
internal static class KnnVoting
{
    /// <summary>Fills <paramref name="scores"/> [K] with vote fractions; returns the predicted class index.</summary>
    public static int Vote(ReadOnlySpan<int> neighbors, ReadOnlySpan<double> distances, ReadOnlySpan<int> classOfReference,
        KnnWeighting weighting, ReadOnlySpan<int> tieRank, Span<double> votes, Span<float> scores)
    {
        votes.Clear();
        var anyZero = false;
        if (weighting == KnnWeighting.Distance)
            foreach (var d in distances) anyZero |= d == 0;
        for (var i = 0; i < neighbors.Length; i++)
        {
            // 1/d weights; when some neighbor sits at distance 0, those neighbors share all the weight.
            var weight = weighting == KnnWeighting.Uniform ? 1.0 : anyZero ? (distances[i] == 0 ? 1.0 : 0.0) : 1.0 / distances[i];
            votes[classOfReference[neighbors[i]]] += weight;
        }
        double total = 0;
        var best = 0;
        for (var c = 0; c < votes.Length; c++)
        {
            total += votes[c];
            if (votes[c] > votes[best] || (votes[c] == votes[best] && tieRank[c] < tieRank[best])) best = c;
        }
        for (var c = 0; c < votes.Length; c++)
            scores[c] = (float)(votes[c] / total);
        return best;
    }
}
