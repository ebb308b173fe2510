using RedDino.MLNet.Classifiers.Knn;

namespace RedDino.MLNet.Classifiers;

/// <summary>Exact brute-force k-nearest-neighbor search over a fixed reference matrix [R, D].</summary>
/// <remarks>
/// Two passes per block of queries. (1) float32: ONNX Runtime's Gemm gives ||r||² - 2 q·r for a
/// [queries x references] block at a time (bounded memory), and a bounded heap per query keeps the
/// k + margin smallest. (2) float64: the candidates are re-ranked by their exact distance (the
/// reference code computes in float64). The float32 error of a partial value is at most
/// e = 2 (D + 4) u (||q|| + max ||r||)², u = 2⁻²⁴, so every non-candidate has an exact squared distance of at
/// least ||q||² + (largest candidate value) - e; when that is not above the k-th exact candidate
/// distance (near ties at the boundary), the query is recomputed in float64 against every
/// reference. The k nearest are therefore those of a float64 search; equal distances keep the lower
/// reference index first.
/// </remarks>
internal sealed class NearestNeighborIndex : IDisposable
{
    private const double Float32Unit = 1.0 / (1 << 24);
    private const double Float64Unit = 1.0 / (1L << 53);
    private readonly float[] _references;
    private readonly float[] _approximate;      // [R, D] what the float32 pass sees (normalized for cosine)
    private readonly float[] _approximateNorms; // [R] ||approximate row||² rounded to float32
    private readonly double _maxApproximateNorm;
    private readonly ExactDistances _exact;
    private readonly GemmDistanceKernel _kernel;
    private readonly NeighborSearchOptions _options;
    private long _fallbacks;

    /// <summary>Indexes <paramref name="references"/> ([R, D] row-major; kept by reference, not copied).</summary>
    /// <exception cref="ArgumentException">The array is not a whole number of rows, or holds a non-finite value.</exception>
    public NearestNeighborIndex(float[] references, int dimension, KnnDistance distance = KnnDistance.Euclidean, NeighborSearchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(references);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        if (references.Length % dimension != 0)
            throw new ArgumentException($"{references.Length} values are not a whole number of rows of {dimension}", nameof(references));
        CheckFinite(references, dimension, "reference");
        _options = options ?? new NeighborSearchOptions();
        _options.Validate();
        _references = references;
        Dimension = dimension;
        Distance = distance;
        _approximate = distance == KnnDistance.Cosine ? Normalized(references, dimension) : references;
        _approximateNorms = new float[Count];
        for (var i = 0; i < Count; i++)
        {
            var norm = SquaredNorm(_approximate.AsSpan(i * dimension, dimension));
            // A zero vector under cosine: partial value 1, so ||q||² + 1 = 2 = 2 (1 - cos 0).
            _approximateNorms[i] = distance == KnnDistance.Cosine && norm == 0 ? 1f : (float)norm;
            _maxApproximateNorm = Math.Max(_maxApproximateNorm, Math.Sqrt(_approximateNorms[i]));
        }
        _exact = new ExactDistances(references, dimension, distance);
        _kernel = new GemmDistanceKernel(dimension, _options.Threads);
    }

    /// <summary>Number of references R.</summary>
    public int Count => _references.Length / Dimension;

    /// <summary>Feature dimension D.</summary>
    public int Dimension { get; }

    /// <summary>The distance searched by.</summary>
    public KnnDistance Distance { get; }

    /// <summary>Block sizes and candidate margin in use.</summary>
    public NeighborSearchOptions Options => _options;

    /// <summary>Queries so far that needed the full float64 recomputation (near ties at the k-th neighbor).</summary>
    public long FallbackCount => Interlocked.Read(ref _fallbacks);

    /// <summary>The <paramref name="k"/> nearest references of each query ([Q, D] row-major).</summary>
    /// <exception cref="ArgumentException">k is not in 1..R, or a query holds a non-finite value.</exception>
    public NeighborSearchResult Search(ReadOnlySpan<float> queries, int k)
    {
        if (k < 1 || k > Count)
            throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be in 1..{Count} (the number of references)");
        if (queries.Length % Dimension != 0)
            throw new ArgumentException($"{queries.Length} values are not a whole number of rows of {Dimension}", nameof(queries));
        var queryCount = queries.Length / Dimension;
        var result = new NeighborSearchResult(queryCount, k, new int[queryCount * k], new double[queryCount * k]);
        var rawBlock = new float[Math.Min(_options.QueryBlockSize, Math.Max(queryCount, 1)) * Dimension];
        for (var start = 0; start < queryCount; start += _options.QueryBlockSize)
        {
            var count = Math.Min(_options.QueryBlockSize, queryCount - start);
            queries.Slice(start * Dimension, count * Dimension).CopyTo(rawBlock);
            CheckFinite(rawBlock.AsSpan(0, count * Dimension), Dimension, "query", start);
            SearchBlock(rawBlock, count, k, result, start);
        }
        return result;
    }

    private void SearchBlock(float[] raw, int count, int k, NeighborSearchResult result, int firstQuery)
    {
        var capacity = Math.Min(k + _options.CandidateMargin, Count);
        var heapValues = new float[count * capacity];
        var heapIndices = new int[count * capacity];
        var heapSizes = new int[count];
        var approximate = Distance == KnnDistance.Cosine ? Normalized(raw.AsSpan(0, count * Dimension), Dimension) : raw;
        var blockSize = Math.Min(_options.ReferenceBlockSize, Count);
        var partial = new float[count * blockSize];

        for (var refStart = 0; refStart < Count; refStart += blockSize)
        {
            var refCount = Math.Min(blockSize, Count - refStart);
            _kernel.Compute(approximate, count, _approximate.AsMemory(refStart * Dimension), refCount,
                _approximateNorms.AsMemory(refStart), partial);
            Parallel.For(0, count, q => CandidateHeap.Scan(
                partial.AsSpan(q * refCount, refCount), refStart,
                heapValues.AsSpan(q * capacity, capacity), heapIndices.AsSpan(q * capacity, capacity), ref heapSizes[q]));
        }

        Parallel.For(0, count, q =>
        {
            var query = raw.AsSpan(q * Dimension, Dimension);
            var approximateQuery = approximate.AsSpan(q * Dimension, Dimension);
            Finish(query, approximateQuery, heapValues.AsSpan(q * capacity, capacity), heapIndices.AsSpan(q * capacity, capacity),
                result.Indices.AsSpan((firstQuery + q) * k, k), result.Distances.AsSpan((firstQuery + q) * k, k));
        });
    }

    // Float64 re-ranking of one query's candidates, with the boundary check and the full fallback.
    private void Finish(ReadOnlySpan<float> query, ReadOnlySpan<float> approximateQuery, ReadOnlySpan<float> heapValues,
        ReadOnlySpan<int> heapIndices, Span<int> outIndices, Span<double> outDistances)
    {
        var k = outIndices.Length;
        var queryNorm = ExactDistances.Norm(query);
        var candidates = new (double Key, int Index)[heapIndices.Length];
        for (var c = 0; c < candidates.Length; c++)
            candidates[c] = (_exact.Key(query, queryNorm, heapIndices[c]), heapIndices[c]);
        Array.Sort(candidates);

        if (candidates.Length < Count)
        {
            var approximateNorm = SquaredNorm(approximateQuery);
            if (Distance == KnnDistance.Cosine && approximateNorm == 0) approximateNorm = 1; // see the reference norms
            var scale = Math.Sqrt(approximateNorm) + _maxApproximateNorm;
            var error = 2 * ((Dimension + 4) * (Float32Unit + Float64Unit) * scale * scale + (Distance == KnnDistance.Cosine ? 64 * Float32Unit : 0));
            var nonCandidateLowerBound = approximateNorm + heapValues[0] - error; // heapValues[0]: the largest candidate value
            if (!(nonCandidateLowerBound > candidates[k - 1].Key))
            {
                Interlocked.Increment(ref _fallbacks);
                candidates = new (double, int)[Count];
                for (var r = 0; r < Count; r++)
                    candidates[r] = (_exact.Key(query, queryNorm, r), r);
                Array.Sort(candidates);
            }
        }
        for (var i = 0; i < k; i++)
        {
            outIndices[i] = candidates[i].Index;
            outDistances[i] = _exact.ToDistance(candidates[i].Key);
        }
    }

    private static double SquaredNorm(ReadOnlySpan<float> vector)
    {
        double sum = 0;
        foreach (var v in vector) sum += (double)v * v;
        return sum;
    }

    // Rows scaled to unit length in float64, rounded to float32; zero rows stay zero.
    private static float[] Normalized(ReadOnlySpan<float> rows, int dimension)
    {
        var result = new float[rows.Length];
        for (var start = 0; start < rows.Length; start += dimension)
        {
            var row = rows.Slice(start, dimension);
            var norm = Math.Sqrt(SquaredNorm(row));
            if (norm == 0) continue;
            for (var j = 0; j < dimension; j++) result[start + j] = (float)(row[j] / norm);
        }
        return result;
    }

    private static void CheckFinite(ReadOnlySpan<float> rows, int dimension, string what, int firstRow = 0)
    {
        for (var i = 0; i < rows.Length; i++)
            if (!float.IsFinite(rows[i]))
                throw new ArgumentException($"{what} row {firstRow + i / dimension}, feature {i % dimension}: {rows[i]} is not a finite number");
    }

    /// <summary>Releases the ONNX Runtime session.</summary>
    public void Dispose() => _kernel.Dispose();
}
