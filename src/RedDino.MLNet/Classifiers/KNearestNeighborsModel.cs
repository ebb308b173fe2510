using RedDino.MLNet.Classifiers.Knn;

namespace RedDino.MLNet.Classifiers;

/// <summary>A fitted k-NN classifier: the reference embeddings with their class indexes, and the
/// search settings. Immutable; <see cref="Predict"/> is thread-safe.</summary>
public sealed class KNearestNeighborsModel : IDisposable
{
    private readonly float[] _references;
    private readonly int[] _classIds;
    private readonly Lazy<NearestNeighborIndex> _index;

    /// <summary>Creates a model. <paramref name="references"/> is [R, D] row-major; <paramref name="classIds"/>
    /// holds each reference's class index (0-based, into <paramref name="classNames"/>). A tie between classes goes
    /// to the class whose name comes first in ordinal order, whatever order <paramref name="classNames"/> has.</summary>
    public KNearestNeighborsModel(float[] references, int[] classIds, int dimension, IReadOnlyList<string> classNames,
        int numberOfNeighbors, KnnDistance distance = KnnDistance.Euclidean, KnnWeighting weighting = KnnWeighting.Uniform,
        NeighborSearchOptions? searchOptions = null)
        : this(references, classIds, dimension, classNames, numberOfNeighbors, distance, weighting, searchOptions, tiesByName: true)
    {
    }

    /// <summary><paramref name="tiesByName"/> false: ties go to the smallest class index (class names that are only
    /// the key numbers, of a label without KeyValues).</summary>
    internal KNearestNeighborsModel(float[] references, int[] classIds, int dimension, IReadOnlyList<string> classNames,
        int numberOfNeighbors, KnnDistance distance, KnnWeighting weighting, NeighborSearchOptions? searchOptions, bool tiesByName)
    {
        ArgumentNullException.ThrowIfNull(references);
        ArgumentNullException.ThrowIfNull(classIds);
        ArgumentNullException.ThrowIfNull(classNames);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(numberOfNeighbors, 1);
        if (references.Length != (long)classIds.Length * dimension)
            throw new ArgumentException($"{references.Length} reference values do not make {classIds.Length} rows of {dimension}", nameof(references));
        if (classIds.Length < numberOfNeighbors)
            throw new ArgumentException($"k-NN with k={numberOfNeighbors} needs at least {numberOfNeighbors} reference rows; got {classIds.Length}", nameof(classIds));
        for (var i = 0; i < classIds.Length; i++)
            if ((uint)classIds[i] >= (uint)classNames.Count)
                throw new ArgumentException($"reference {i}: class index {classIds[i]} outside 0..{classNames.Count - 1}", nameof(classIds));
        _references = references;
        _classIds = classIds;
        Dimension = dimension;
        ClassNames = classNames.ToArray();
        NumberOfNeighbors = numberOfNeighbors;
        Distance = distance;
        Weighting = weighting;
        SearchOptions = searchOptions ?? new NeighborSearchOptions();
        // rank[c] = position of class c in ordinal order of the names: the contract's class index.
        TieRank = new int[ClassNames.Count];
        var order = Enumerable.Range(0, ClassNames.Count).ToArray();
        if (tiesByName)
            order = order.OrderBy(c => ClassNames[c], StringComparer.Ordinal).ThenBy(c => c).ToArray();
        for (var r = 0; r < order.Length; r++) TieRank[order[r]] = r;
        _index = new Lazy<NearestNeighborIndex>(() => new NearestNeighborIndex(_references, Dimension, Distance, SearchOptions));
    }

    /// <summary>Per class index: its rank among the classes when votes tie (lower wins).</summary>
    internal int[] TieRank { get; }

    /// <summary>Feature dimension D.</summary>
    public int Dimension { get; }

    /// <summary>Class names; position = class index (ordinal order when made by the trainer).</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Number of classes K.</summary>
    public int ClassCount => ClassNames.Count;

    /// <summary>k.</summary>
    public int NumberOfNeighbors { get; }

    /// <summary>Distance searched by.</summary>
    public KnnDistance Distance { get; }

    /// <summary>How neighbors vote.</summary>
    public KnnWeighting Weighting { get; }

    /// <summary>Search tuning (never changes results).</summary>
    public NeighborSearchOptions SearchOptions { get; }

    /// <summary>Number of reference rows R.</summary>
    public int ReferenceCount => _classIds.Length;

    /// <summary>[R, D] reference embeddings, row-major.</summary>
    public ReadOnlyMemory<float> References => _references;

    /// <summary>[R] class index of each reference.</summary>
    public ReadOnlyMemory<int> ClassIds => _classIds;

    /// <summary>Per-class vote fractions [Q, K] (row-major) and the predicted class index of each query ([Q, D] row-major).</summary>
    public (float[] Scores, int[] Predicted) Predict(ReadOnlySpan<float> queries)
    {
        var neighbors = _index.Value.Search(queries, NumberOfNeighbors);
        var scores = new float[neighbors.QueryCount * ClassCount];
        var predicted = new int[neighbors.QueryCount];
        var votes = new double[ClassCount];
        for (var q = 0; q < neighbors.QueryCount; q++)
            predicted[q] = KnnVoting.Vote(neighbors.IndicesOf(q), neighbors.DistancesOf(q), _classIds, Weighting, TieRank, votes,
                scores.AsSpan(q * ClassCount, ClassCount));
        return (scores, predicted);
    }

    /// <summary>The nearest references of each query (for inspection; <see cref="Predict"/> votes over them).</summary>
    public NeighborSearchResult Neighbors(ReadOnlySpan<float> queries) => _index.Value.Search(queries, NumberOfNeighbors);

    /// <summary>Releases the search's ONNX Runtime session.</summary>
    public void Dispose()
    {
        if (_index.IsValueCreated) _index.Value.Dispose();
    }
}
