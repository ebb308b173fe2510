namespace RedDino.MLNet.Classifiers;

/// <summary>Settings of <see cref="KNearestNeighborsTrainer"/> other than k. Defaults are the paper's
/// (scikit-learn KNeighborsClassifier: Euclidean, uniform votes, brute force).</summary>
public sealed class KNearestNeighborsOptions
{
    /// <summary>Key-typed label column (make it with MapValueToKey and <c>KeyOrdinality.ByValue</c>).</summary>
    public string LabelColumnName = "Label";

    /// <summary>Known-size vector of Single: the embeddings.</summary>
    public string FeatureColumnName = "Features";

    /// <summary>Output: per-class vote fractions, vector of Single [K].</summary>
    public string ScoreColumnName = "Score";

    /// <summary>Output: predicted class, same key type as the label (keeps its KeyValues).</summary>
    public string PredictedLabelColumnName = "PredictedLabel";

    /// <summary>Euclidean (default) or cosine.</summary>
    public KnnDistance Distance = KnnDistance.Euclidean;

    /// <summary>Uniform votes (default) or 1/distance.</summary>
    public KnnWeighting Weighting = KnnWeighting.Uniform;

    /// <summary>Block sizes and candidate margin of the exact search (never change results).</summary>
    public NeighborSearchOptions Search = new();
}
