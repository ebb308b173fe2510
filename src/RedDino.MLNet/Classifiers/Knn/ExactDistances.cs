namespace RedDino.MLNet.Classifiers.Knn;

/// <summary>Float64 ranking keys used to re-rank candidates exactly (the reference computes in float64).
/// Euclidean: the squared distance Σ (q - r)²; cosine: 2 (1 - cos), the squared distance between the
/// normalized vectors, so both live on the scale of the float32 pass's ||q||² + partial value.</summary>
internal sealed class ExactDistances
{
    private readonly float[] _references;
    private readonly double[] _referenceNorms; // ||r|| in float64 (cosine only)

    public ExactDistances(float[] references, int dimension, KnnDistance distance)
    {
        _references = references;
        Dimension = dimension;
        Distance = distance;
        _referenceNorms = distance == KnnDistance.Cosine ? Norms(references, dimension) : [];
    }

    public int Dimension { get; }

    public KnnDistance Distance { get; }

    /// <summary>||q|| in float64 (what <see cref="Key"/> needs for cosine; unused for Euclidean).</summary>
    public static double Norm(ReadOnlySpan<float> vector)
    {
        double sum = 0;
        foreach (var v in vector) sum += (double)v * v;
        return Math.Sqrt(sum);
    }

    /// <summary>Ranking key of reference <paramref name="reference"/> for <paramref name="query"/>.</summary>
    public double Key(ReadOnlySpan<float> query, double queryNorm, int reference)
    {
        var r = _references.AsSpan(reference * Dimension, Dimension);
        if (Distance == KnnDistance.Euclidean)
        {
            double sum = 0;
            for (var j = 0; j < r.Length; j++)
            {
                var d = (double)query[j] - r[j];
                sum += d * d;
            }
            return sum;
        }
        var denominator = queryNorm * _referenceNorms[reference];
        if (denominator == 0) return 2; // scikit-learn: a zero vector stays zero after normalize(), cos = 0
        double dot = 0;
        for (var j = 0; j < r.Length; j++) dot += (double)query[j] * r[j];
        return 2 * (1 - dot / denominator);
    }

    /// <summary>The reported distance for a key: ||q - r|| or 1 - cos.</summary>
    public double ToDistance(double key) => Distance == KnnDistance.Euclidean ? Math.Sqrt(Math.Max(key, 0)) : key / 2;

    private static double[] Norms(float[] rows, int dimension)
    {
        var norms = new double[rows.Length / dimension];
        for (var i = 0; i < norms.Length; i++)
            norms[i] = Norm(rows.AsSpan(i * dimension, dimension));
        return norms;
    }
}
