namespace RedDino.MLNet.Visualization;

/// <summary>A weighted graph on N vertices in compressed sparse rows: the neighbours of vertex i are
/// <c>Columns[RowStarts[i] .. RowStarts[i + 1]]</c>, ascending, with their <c>Weights</c>. UMAP's graphs are
/// symmetric, so the edge list (i, j) in row order is also umap-learn's COO order after sum_duplicates.</summary>
internal sealed class SparseGraph
{
    public SparseGraph(int vertexCount, int[] rowStarts, int[] columns, double[] weights)
    {
        VertexCount = vertexCount;
        RowStarts = rowStarts;
        Columns = columns;
        Weights = weights;
    }

    public int VertexCount { get; }

    /// <summary>[N + 1] offsets into <see cref="Columns"/>.</summary>
    public int[] RowStarts { get; }

    public int[] Columns { get; }

    public double[] Weights { get; }

    public int EdgeCount => Columns.Length;

    /// <summary>Builds from unordered (row, column, weight) triples without duplicates; zero weights are dropped.</summary>
    public static SparseGraph FromTriples(int vertexCount, int[] rows, int[] columns, double[] weights)
    {
        var order = Enumerable.Range(0, rows.Length).Where(e => weights[e] != 0).ToArray();
        Array.Sort(order, (x, y) => rows[x] != rows[y] ? rows[x].CompareTo(rows[y]) : columns[x].CompareTo(columns[y]));
        var starts = new int[vertexCount + 1];
        foreach (var e in order) starts[rows[e] + 1]++;
        for (var i = 0; i < vertexCount; i++) starts[i + 1] += starts[i];
        return new SparseGraph(vertexCount, starts, order.Select(e => columns[e]).ToArray(), order.Select(e => weights[e]).ToArray());
    }

    /// <summary>Row index of every stored edge (the COO "head" array).</summary>
    public int[] Heads()
    {
        var heads = new int[EdgeCount];
        for (var i = 0; i < VertexCount; i++)
            Array.Fill(heads, i, RowStarts[i], RowStarts[i + 1] - RowStarts[i]);
        return heads;
    }

    /// <summary>A copy without the edges whose weight is below <paramref name="threshold"/>.</summary>
    public SparseGraph WithoutWeightsBelow(double threshold)
    {
        var starts = new int[VertexCount + 1];
        var columns = new List<int>(EdgeCount);
        var weights = new List<double>(EdgeCount);
        for (var i = 0; i < VertexCount; i++)
        {
            for (var e = RowStarts[i]; e < RowStarts[i + 1]; e++)
            {
                if (Weights[e] < threshold) continue;
                columns.Add(Columns[e]);
                weights.Add(Weights[e]);
            }
            starts[i + 1] = columns.Count;
        }
        return new SparseGraph(VertexCount, starts, columns.ToArray(), weights.ToArray());
    }

    /// <summary>Sum of the weights of each row (the degree of a symmetric graph).</summary>
    public double[] RowSums()
    {
        var sums = new double[VertexCount];
        for (var i = 0; i < VertexCount; i++)
            for (var e = RowStarts[i]; e < RowStarts[i + 1]; e++) sums[i] += Weights[e];
        return sums;
    }

    /// <summary>Connected-component label of every vertex; labels are numbered in the order of each
    /// component's smallest vertex (as scipy's connected_components).</summary>
    public (int Count, int[] Labels) ConnectedComponents()
    {
        var labels = new int[VertexCount];
        Array.Fill(labels, -1);
        var count = 0;
        var stack = new Stack<int>();
        for (var start = 0; start < VertexCount; start++)
        {
            if (labels[start] >= 0) continue;
            labels[start] = count;
            stack.Push(start);
            while (stack.Count > 0)
            {
                var v = stack.Pop();
                for (var e = RowStarts[v]; e < RowStarts[v + 1]; e++)
                {
                    var u = Columns[e];
                    if (labels[u] >= 0) continue;
                    labels[u] = count;
                    stack.Push(u);
                }
            }
            count++;
        }
        return (count, labels);
    }

    /// <summary>The subgraph on <paramref name="vertices"/> (ascending global indexes), renumbered 0..n-1.</summary>
    public SparseGraph Subgraph(int[] vertices)
    {
        var local = new Dictionary<int, int>(vertices.Length);
        for (var i = 0; i < vertices.Length; i++) local[vertices[i]] = i;
        var starts = new int[vertices.Length + 1];
        var columns = new List<int>();
        var weights = new List<double>();
        for (var i = 0; i < vertices.Length; i++)
        {
            var v = vertices[i];
            for (var e = RowStarts[v]; e < RowStarts[v + 1]; e++)
            {
                if (!local.TryGetValue(Columns[e], out var u)) continue;
                columns.Add(u);
                weights.Add(Weights[e]);
            }
            starts[i + 1] = columns.Count;
        }
        return new SparseGraph(vertices.Length, starts, columns.ToArray(), weights.ToArray());
    }
}
