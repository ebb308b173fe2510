using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using RedDino.Formats.Manifests;
using RedDino.MLNet.Embeddings;

namespace RedDino.MLNet.Visualization;

/// <summary>UMAP (McInnes, Healy and Melville 2018, arXiv 1802.03426) as umap-learn 0.5 computes it, for maps of
/// embeddings: exact k-NN graph (<see cref="Classifiers.NearestNeighborIndex"/>), smooth k-NN calibration, fuzzy
/// union of the directed membership graphs, edges below max / n_epochs dropped, spectral (default), PCA or random
/// initialisation scaled to [0, 10], then SGD with negative sampling. Seeded: the same input, options and seed give
/// the same map, whatever the number of threads (parallel parts reduce in a fixed order; the layout is sequential).
/// <code>var map = new Umap(new UmapOptions { Seed = 0 }).Fit(embeddings.Values, embeddings.Dimension);</code></summary>
public sealed class Umap
{
    private const ulong InitializationStream = 1;
    private const ulong LayoutStream = 2;

    /// <summary>A UMAP with <paramref name="options"/> (defaults: <see cref="UmapOptions"/>).</summary>
    public Umap(UmapOptions? options = null)
    {
        Options = options ?? new UmapOptions();
        Options.Validate();
    }

    /// <summary>The settings in use.</summary>
    public UmapOptions Options { get; }

    /// <summary>Maps every row of an embeddings set.</summary>
    public UmapResult Fit(EmbeddingSet embeddings, IProgress<UmapProgress>? progress = null, Action<string>? warn = null,
        CancellationToken cancellation = default) =>
        Fit(embeddings.Values, embeddings.Dimension, progress, warn, cancellation);

    /// <summary>Maps the rows of an ML.NET data view by its feature column (a known-size vector of Single, e.g. the
    /// output of <c>ExtractRedDinoEmbeddings</c>), in row order.</summary>
    /// <exception cref="ArgumentException">No such column, or not a known-size vector of Single (names the column).</exception>
    public UmapResult Fit(IDataView data, string featureColumnName = "Features", IProgress<UmapProgress>? progress = null,
        Action<string>? warn = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        var column = data.Schema.GetColumnOrNull(featureColumnName)
            ?? throw new ArgumentException($"no column '{featureColumnName}' in the data", nameof(featureColumnName));
        if (column.Type is not VectorDataViewType { ItemType: NumberDataViewType item, Size: > 0 } vector || item.RawType != typeof(float))
            throw new ArgumentException($"column '{featureColumnName}' must be a known-size vector of Single, found {column.Type}", nameof(featureColumnName));
        var values = data.GetColumn<VBuffer<float>>(column).SelectMany(v => v.DenseValues()).ToArray();
        return Fit(values, vector.Size, progress, warn, cancellation);
    }

    /// <summary>Maps the rows of <paramref name="values"/> ([N, D] row-major, D = <paramref name="dimension"/>; kept by
    /// reference, not changed). <paramref name="warn"/> is told about anything that may lower the map's quality (e.g. an
    /// unconverged spectral start); <paramref name="progress"/> gets the stages and epochs.</summary>
    /// <exception cref="ArgumentException">Fewer than 2 rows, a ragged array, or a non-finite value (names its row).</exception>
    public UmapResult Fit(float[] values, int dimension, IProgress<UmapProgress>? progress = null, Action<string>? warn = null,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        if (values.Length % dimension != 0)
            throw new ArgumentException($"{values.Length} values are not a whole number of rows of {dimension}", nameof(values));
        var n = values.Length / dimension;
        if (n < 2) throw new ArgumentException($"UMAP needs at least 2 rows, got {n}", nameof(values));
        var clock = Stopwatch.StartNew();
        var dim = Options.Components;

        progress?.Report(new UmapProgress(UmapStage.Neighbors, 0, 1));
        var neighbors = NeighborList.Build(values, dimension, Options.Neighbors, Options.Distance, Options.NeighborSearch);
        var searchTime = clock.Elapsed;
        cancellation.ThrowIfCancellationRequested();

        progress?.Report(new UmapProgress(UmapStage.Graph, 0, 1));
        var (sigmas, rhos) = SmoothKnnDistances.Compute(neighbors, neighbors.K, Options.LocalConnectivity);
        var graph = FuzzySimplicialSet.Build(neighbors, sigmas, rhos, Options.SetOpMixRatio);
        var defaultEpochs = UmapOptions.DefaultEpochs(n);
        var epochs = Options.Epochs ?? defaultEpochs;
        if (graph.EdgeCount > 0)
            graph = graph.WithoutWeightsBelow(graph.Weights.Max() / (epochs > 10 ? epochs : defaultEpochs));
        cancellation.ThrowIfCancellationRequested();

        progress?.Report(new UmapProgress(UmapStage.Initialization, 0, 1));
        var initializationStart = clock.Elapsed;
        var random = new VisualizationRandom(Options.Seed, InitializationStream);
        var embedding = Initialize(values, dimension, graph, random, warn);
        ScaleColumnsToTen(embedding, dim);
        var (a, b) = Options.A is { } fixedA ? (fixedA, Options.B!.Value) : UmapCurve.Fit(Options.Spread, Options.MinDist);

        var layoutStart = clock.Elapsed;
        progress?.Report(new UmapProgress(UmapStage.Layout, 0, epochs));
        if (graph.EdgeCount > 0)
        {
            new LayoutOptimizer(embedding, dim, graph, epochs, a, b, Options.RepulsionStrength, Options.NegativeSampleRate)
                .Run(epochs, Options.LearningRate, new VisualizationRandom(Options.Seed, LayoutStream),
                    done => progress?.Report(new UmapProgress(UmapStage.Layout, done, epochs)), cancellation);
        }
        var components = graph.ConnectedComponents().Count;
        return new UmapResult(embedding, n, dim, a, b, epochs, graph.EdgeCount, components, Options.Initialization, searchTime,
            layoutStart - initializationStart, clock.Elapsed - layoutStart, clock.Elapsed);
    }

    // umap-learn: the start layout scaled to a largest |coordinate| of 10 (spectral, PCA) plus N(0, 1e-4²) noise,
    // or uniform in [-10, 10].
    private float[] Initialize(float[] values, int dimension, SparseGraph graph, VisualizationRandom random, Action<string>? warn)
    {
        var n = graph.VertexCount;
        var dim = Options.Components;
        double[] start;
        switch (Options.Initialization)
        {
            case UmapInitialization.Random:
                return SpectralLayout.Uniform(n, dim, 10, random).Select(v => (float)v).ToArray();
            case UmapInitialization.Pca:
                if (dim > dimension)
                    throw new ArgumentException($"PCA initialisation needs Components ({dim}) <= the input dimension ({dimension})");
                start = PrincipalComponents.Fit(values, dimension, dim).Transform(values);
                break;
            default:
                start = SpectralLayout.Compute(graph, values, dimension, Options.Distance, dim, random, Options.Seed, warn);
                break;
        }
        var largest = start.Max(Math.Abs);
        var expansion = largest > 0 ? 10.0 / largest : 1.0;
        var result = new float[start.Length];
        for (var i = 0; i < start.Length; i++)
            result[i] = (float)(start[i] * expansion) + (float)random.NextNormal(0.0001);
        return result;
    }

    // umap-learn: 10 (y - min) / (max - min) per coordinate before the optimisation (a constant column stays 0).
    private static void ScaleColumnsToTen(float[] embedding, int dim)
    {
        for (var d = 0; d < dim; d++)
        {
            float min = float.PositiveInfinity, max = float.NegativeInfinity;
            for (var i = d; i < embedding.Length; i += dim)
            {
                min = Math.Min(min, embedding[i]);
                max = Math.Max(max, embedding[i]);
            }
            var range = max - min;
            for (var i = d; i < embedding.Length; i += dim)
                embedding[i] = range > 0 ? 10f * (embedding[i] - min) / range : 0f;
        }
    }
}
