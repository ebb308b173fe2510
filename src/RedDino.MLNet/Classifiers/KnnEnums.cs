namespace RedDino.MLNet.Classifiers;

/// <summary>How k-NN measures the distance between two embeddings.</summary>
public enum KnnDistance
{
    /// <summary>||q - r|| (scikit-learn's default "euclidean"; the paper's choice).</summary>
    Euclidean,

    /// <summary>1 - q·r / (||q|| ||r||) (scikit-learn's "cosine"; a zero vector has cosine 0 to everything).</summary>
    Cosine,
}

/// <summary>How the k neighbors vote.</summary>
public enum KnnWeighting
{
    /// <summary>One vote each (scikit-learn's weights="uniform"; the paper's choice).</summary>
    Uniform,

    /// <summary>A vote of 1 / distance (scikit-learn's weights="distance"): a neighbor at distance 0
    /// takes all the weight together with any other neighbor at distance 0.</summary>
    Distance,
}
