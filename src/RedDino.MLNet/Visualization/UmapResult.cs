namespace RedDino.MLNet.Visualization;

/// <summary>A UMAP map and how it was made.</summary>
public sealed class UmapResult
{
    internal UmapResult(float[] coordinates, int count, int components, double a, double b, int epochs,
        int graphEdges, int connectedComponents, UmapInitialization initialization, TimeSpan neighborSearchTime, TimeSpan initializationTime, TimeSpan layoutTime, TimeSpan totalTime)
    {
        Coordinates = coordinates;
        Count = count;
        Components = components;
        A = a;
        B = b;
        Epochs = epochs;
        GraphEdges = graphEdges;
        ConnectedComponents = connectedComponents;
        Initialization = initialization;
        NeighborSearchTime = neighborSearchTime;
        InitializationTime = initializationTime;
        LayoutTime = layoutTime;
        TotalTime = totalTime;
    }

    /// <summary>[N, Components] row-major map coordinates, in the input's row order.</summary>
    public float[] Coordinates { get; }

    /// <summary>Points N.</summary>
    public int Count { get; }

    /// <summary>Map dimension.</summary>
    public int Components { get; }

    /// <summary>Curve parameter a in use.</summary>
    public double A { get; }

    /// <summary>Curve parameter b in use.</summary>
    public double B { get; }

    /// <summary>Optimisation epochs run.</summary>
    public int Epochs { get; }

    /// <summary>Directed entries of the symmetric fuzzy graph after pruning (each undirected edge counts twice).</summary>
    public int GraphEdges { get; }

    /// <summary>Connected components of the fuzzy graph (1 for well-connected data).</summary>
    public int ConnectedComponents { get; }

    /// <summary>The initialisation used.</summary>
    public UmapInitialization Initialization { get; }

    /// <summary>Time spent in the exact k-NN search.</summary>
    public TimeSpan NeighborSearchTime { get; }

    /// <summary>Time spent in the initialisation (spectral: the eigenproblems).</summary>
    public TimeSpan InitializationTime { get; }

    /// <summary>Time spent in the layout optimisation.</summary>
    public TimeSpan LayoutTime { get; }

    /// <summary>Time of the whole fit.</summary>
    public TimeSpan TotalTime { get; }

    /// <summary>Coordinate <paramref name="component"/> of point <paramref name="point"/>.</summary>
    public float this[int point, int component] => Coordinates[point * Components + component];
}
