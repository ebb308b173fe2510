using RedDino.MLNet.Classifiers;

namespace RedDino.MLNet.Visualization;

/// <summary>How the layout of a UMAP map starts.</summary>
public enum UmapInitialization
{
    /// <summary>Leading non-trivial eigenvectors of the graph's normalised Laplacian (umap-learn's default);
    /// a graph of several connected components is laid out component by component, as umap-learn does.</summary>
    Spectral,

    /// <summary>The first principal components of the data, scaled to a largest coordinate of 10, plus noise.</summary>
    Pca,

    /// <summary>Uniform in [-10, 10] per coordinate.</summary>
    Random,
}

/// <summary>Settings of <see cref="Umap"/>. The defaults are umap-learn's (McInnes, Healy and Melville 2018,
/// arXiv 1802.03426; umap-learn 0.5).</summary>
public sealed class UmapOptions
{
    /// <summary>Size of the local neighbourhood, counting the point itself as umap-learn does (15 means the point
    /// and its 14 nearest other points).</summary>
    public int Neighbors { get; init; } = 15;

    /// <summary>Dimension of the map.</summary>
    public int Components { get; init; } = 2;

    /// <summary>Smallest distance between points in the map (with <see cref="Spread"/> it sets the curve a, b).</summary>
    public double MinDist { get; init; } = 0.1;

    /// <summary>Scale of the embedded points (with <see cref="MinDist"/> it sets the curve a, b).</summary>
    public double Spread { get; init; } = 1.0;

    /// <summary>Passes of the layout optimisation; null: 500 for up to 10,000 points, else 200 (umap-learn).</summary>
    public int? Epochs { get; init; }

    /// <summary>How the layout starts.</summary>
    public UmapInitialization Initialization { get; init; } = UmapInitialization.Spectral;

    /// <summary>Distance in the input space for the k-NN graph.</summary>
    public KnnDistance Distance { get; init; } = KnnDistance.Euclidean;

    /// <summary>Initial learning rate of the layout; it decays linearly to 0.</summary>
    public double LearningRate { get; init; } = 1.0;

    /// <summary>Weight of the negative samples (umap-learn's repulsion_strength, gamma).</summary>
    public double RepulsionStrength { get; init; } = 1.0;

    /// <summary>Negative samples per positive sample.</summary>
    public int NegativeSampleRate { get; init; } = 5;

    /// <summary>Nearest neighbours assumed connected at the local level (rho interpolates between neighbours).</summary>
    public double LocalConnectivity { get; init; } = 1.0;

    /// <summary>1 = fuzzy union of the two directed graphs, 0 = fuzzy intersection.</summary>
    public double SetOpMixRatio { get; init; } = 1.0;

    /// <summary>Curve parameter a of 1 / (1 + a d^(2b)); null: fitted from <see cref="MinDist"/> and <see cref="Spread"/>.</summary>
    public double? A { get; init; }

    /// <summary>Curve parameter b; null: fitted.</summary>
    public double? B { get; init; }

    /// <summary>Seed of every random draw (initial noise, negative samples). The same seed gives the same map.</summary>
    public long Seed { get; init; }

    /// <summary>Tuning of the exact k-NN search (threads, blocks); results never depend on it.</summary>
    public NeighborSearchOptions? NeighborSearch { get; init; }

    internal void Validate()
    {
        if (Neighbors < 2) throw new ArgumentOutOfRangeException(nameof(Neighbors), Neighbors, "must be at least 2 (the point and one neighbour)");
        if (Components < 1) throw new ArgumentOutOfRangeException(nameof(Components), Components, "must be at least 1");
        if (!(Spread > 0)) throw new ArgumentOutOfRangeException(nameof(Spread), Spread, "must be positive");
        if (!(MinDist >= 0) || MinDist > Spread) throw new ArgumentOutOfRangeException(nameof(MinDist), MinDist, "must be in [0, spread]");
        if (Epochs is < 1) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "must be at least 1");
        if (!(LearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "must be positive");
        if (!(RepulsionStrength >= 0)) throw new ArgumentOutOfRangeException(nameof(RepulsionStrength), RepulsionStrength, "must not be negative");
        if (NegativeSampleRate < 0) throw new ArgumentOutOfRangeException(nameof(NegativeSampleRate), NegativeSampleRate, "must not be negative");
        if (!(LocalConnectivity >= 0)) throw new ArgumentOutOfRangeException(nameof(LocalConnectivity), LocalConnectivity, "must not be negative");
        if (!(SetOpMixRatio is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(SetOpMixRatio), SetOpMixRatio, "must be in [0, 1]");
        if ((A is null) != (B is null)) throw new ArgumentException("give both A and B, or neither");
        if (A is { } a && !(a > 0)) throw new ArgumentOutOfRangeException(nameof(A), a, "must be positive");
        if (B is { } b && !(b > 0)) throw new ArgumentOutOfRangeException(nameof(B), b, "must be positive");
    }

    /// <summary>umap-learn's default epoch count for <paramref name="points"/> points.</summary>
    public static int DefaultEpochs(int points) => points <= 10_000 ? 500 : 200;
}
