using RedDino.MLNet.Classifiers;

namespace RedDino.Cli.Reports;

/// <summary>Which 2-D maps of the embeddings the report draws (bench setting <c>report.map</c>).</summary>
internal enum ReportMapKind
{
    /// <summary>UMAP (the library's <see cref="MLNet.Visualization.Umap"/>, seeded by the run's seed).</summary>
    Umap,

    /// <summary>The first two principal components.</summary>
    Pca,

    /// <summary>UMAP and PCA.</summary>
    Both,
}

/// <summary>What the report's maps and nearest-neighbour gallery show (the bench's <c>report</c> settings,
/// docs/formats/pipelines.md). The defaults are those of <c>reddino bench</c>.</summary>
internal sealed record ReportSettings
{
    /// <summary>Maps drawn per backbone, each by class and by batch.</summary>
    public ReportMapKind Map { get; init; } = ReportMapKind.Umap;

    /// <summary>Query cells per class in the nearest-neighbour gallery (0 = no gallery).</summary>
    public int GalleryPerClass { get; init; } = 3;

    /// <summary>Neighbours shown per query and backbone (the query itself excluded).</summary>
    public int GalleryNeighbors { get; init; } = 5;

    /// <summary>Maps of more rows than this use evenly strided rows (the caption says so).</summary>
    public int MapMaxRows { get; init; } = 50_000;

    /// <summary>Seed of UMAP's random draws (the run's seed).</summary>
    public long Seed { get; init; }

    /// <summary>Distance of the gallery's neighbours (the k-NN classifiers' distance).</summary>
    public KnnDistance Distance { get; init; } = KnnDistance.Euclidean;

    /// <summary>Whether UMAP maps are drawn.</summary>
    public bool DrawsUmap => Map is ReportMapKind.Umap or ReportMapKind.Both;

    /// <summary>Whether PCA maps are drawn.</summary>
    public bool DrawsPca => Map is ReportMapKind.Pca or ReportMapKind.Both;
}
