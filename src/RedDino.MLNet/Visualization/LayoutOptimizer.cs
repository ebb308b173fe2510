namespace RedDino.MLNet.Visualization;

/// <summary>UMAP's layout optimisation (umap-learn's optimize_layout_euclidean with move_other): stochastic
/// gradient descent on the fuzzy-set cross entropy. Each epoch visits the edges in order; an edge of weight w
/// is sampled every max_w / w epochs (epochs_per_sample), pulls both ends together with the attractive gradient
/// -2ab d^(2(b-1)) / (1 + a d^(2b)) · (y_i - y_j), then pushes its head away from
/// negative_sample_rate random points per sample with 2γb / ((0.001 + d²)(1 + a d^(2b))) · (y_i - y_k).
/// Every gradient coordinate is clipped to [-4, 4]; the learning rate falls linearly from its initial value.
/// Runs sequentially with one seeded random stream, like umap-learn with a random_state, so the layout depends
/// only on the seed, not on the number of threads.</summary>
internal sealed class LayoutOptimizer
{
    private const double Clip = 4.0;

    private readonly float[] _embedding;      // [N, dim], updated in place
    private readonly int _dim;
    private readonly int[] _heads;
    private readonly int[] _tails;
    private readonly double[] _epochsPerSample;
    private readonly double _a;
    private readonly double _b;
    private readonly double _gamma;
    private readonly int _negativeSampleRate;

    public LayoutOptimizer(float[] embedding, int dim, SparseGraph graph, int epochs, double a, double b, double gamma, int negativeSampleRate)
    {
        _embedding = embedding;
        _dim = dim;
        _heads = graph.Heads();
        _tails = graph.Columns;
        _epochsPerSample = EpochsPerSample(graph.Weights, epochs);
        _a = a;
        _b = b;
        _gamma = gamma;
        _negativeSampleRate = negativeSampleRate;
    }

    /// <summary>umap-learn's make_epochs_per_sample: an edge of weight w is sampled every n_epochs / (n_epochs · w / max_w)
    /// epochs; an edge of weight 0 never (-1).</summary>
    internal static double[] EpochsPerSample(double[] weights, int epochs)
    {
        var max = weights.Length == 0 ? 0 : weights.Max();
        return weights.Select(w =>
        {
            var samples = epochs * (w / max);
            return samples > 0 ? epochs / samples : -1.0;
        }).ToArray();
    }

    /// <summary>Runs <paramref name="epochs"/> epochs; <paramref name="epochDone"/> is told after each.</summary>
    public void Run(int epochs, double initialAlpha, VisualizationRandom random, Action<int>? epochDone = null, CancellationToken cancellation = default)
    {
        var edges = _heads.Length;
        var negativeEvery = _epochsPerSample.Select(e => e / _negativeSampleRate).ToArray();
        var nextNegative = (double[])negativeEvery.Clone();
        var nextSample = (double[])_epochsPerSample.Clone();
        var vertices = _embedding.Length / _dim;
        var alpha = initialAlpha;
        Span<double> delta = stackalloc double[_dim];
        for (var n = 0; n < epochs; n++)
        {
            cancellation.ThrowIfCancellationRequested();
            for (var e = 0; e < edges; e++)
            {
                if (!(nextSample[e] <= n)) continue;
                var head = _heads[e] * _dim;
                var tail = _tails[e] * _dim;
                var d2 = SquaredDistance(head, tail, delta);
                var coefficient = 0.0;
                if (d2 > 0)
                {
                    var powB = Math.Pow(d2, _b);
                    coefficient = -2.0 * _a * _b * (powB / d2) / (_a * powB + 1.0);
                }
                for (var d = 0; d < _dim; d++)
                {
                    var grad = Math.Clamp(coefficient * delta[d], -Clip, Clip);
                    _embedding[head + d] += (float)(grad * alpha);
                    _embedding[tail + d] += (float)(-grad * alpha);
                }
                nextSample[e] += _epochsPerSample[e];

                var negatives = _negativeSampleRate == 0 ? 0 : (int)((n - nextNegative[e]) / negativeEvery[e]);
                for (var p = 0; p < negatives; p++)
                {
                    var k = random.NextInt(vertices);
                    var other = k * _dim;
                    d2 = SquaredDistance(head, other, delta);
                    if (d2 > 0)
                        coefficient = 2.0 * _gamma * _b / ((0.001 + d2) * (_a * Math.Pow(d2, _b) + 1.0));
                    else if (_heads[e] == k)
                        continue;
                    else
                        coefficient = 0.0;
                    for (var d = 0; d < _dim; d++)
                    {
                        // umap-learn: a coincident non-self point gives the fixed push 4 in every coordinate.
                        var grad = coefficient > 0 ? Math.Clamp(coefficient * delta[d], -Clip, Clip) : Clip;
                        _embedding[head + d] += (float)(grad * alpha);
                    }
                }
                nextNegative[e] += negatives * negativeEvery[e];
            }
            alpha = initialAlpha * (1.0 - (double)n / epochs);
            epochDone?.Invoke(n + 1);
        }
    }

    // ||y_a - y_b||² and the difference y_a - y_b (computed in float64 from the float32 coordinates).
    private double SquaredDistance(int a, int b, Span<double> delta)
    {
        double sum = 0;
        for (var d = 0; d < _dim; d++)
        {
            var diff = (double)_embedding[a + d] - _embedding[b + d];
            delta[d] = diff;
            sum += diff * diff;
        }
        return sum;
    }
}
