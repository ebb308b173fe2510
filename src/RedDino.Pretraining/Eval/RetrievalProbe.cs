using System.Diagnostics;
using System.Runtime.ExceptionServices;
using RedDino.Backbone.Vit;
using static TorchSharp.torch;

namespace RedDino.Pretraining.Eval;

/// <summary>One measurement of the view-retrieval signal.</summary>
/// <param name="Top1">Share of the 2N views whose nearest other view (cosine) is their partner.</param>
/// <param name="Chance">1 / (2N - 1), what random features score on average.</param>
public sealed record RetrievalScore(double Top1, double Chance, int Images, double Seconds);

/// <summary>Embeds both views of every held-out image with a backbone's CLS token (after the final
/// norm, the exported embedding), in evaluation mode and without gradients, and scores
/// <see cref="ViewRetrieval.Top1"/>. Views are made on <paramref name="workers"/> threads, a batch at a
/// time, so memory stays at one batch of views however large the set.</summary>
public sealed class RetrievalProbe(IViewPairs views, int batchSize, int workers)
{
    public int Images => views.Count;

    public RetrievalScore Evaluate(VisionTransformer backbone)
    {
        var clock = Stopwatch.StartNew();
        var wasTraining = backbone.training;
        backbone.eval(); // no drop path: the same views always give the same embeddings
        try
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var first = new List<Tensor>();
            var second = new List<Tensor>();
            for (var start = 0; start < views.Count; start += batchSize)
            {
                var count = Math.Min(batchSize, views.Count - start);
                var (a, b) = Batch(start, count);
                first.Add(backbone.forward(a));   // [c, D]
                second.Add(backbone.forward(b));  // [c, D]
                a.Dispose();
                b.Dispose();
            }
            var embeddings = cat([.. first, .. second]); // [2N, D]: first views, then second views
            return new RetrievalScore(ViewRetrieval.Top1(embeddings), ViewRetrieval.Chance(views.Count), views.Count, clock.Elapsed.TotalSeconds);
        }
        finally
        {
            if (wasTraining) backbone.train();
        }
    }

    // Views start .. start + count - 1 -> two [count, 3, S, S] tensors.
    private (Tensor First, Tensor Second) Batch(int start, int count)
    {
        var s = views.Size;
        var plane = 3 * s * s;
        var first = new float[count * plane];
        var second = new float[count * plane];
        try
        {
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, workers) }, i =>
            {
                var (a, b) = views.Pair(start + i);
                if (a.Length != plane || b.Length != plane)
                    throw new InvalidOperationException($"view pair {start + i} has {a.Length}/{b.Length} values, expected {plane}");
                Array.Copy(a, 0, first, i * plane, plane);
                Array.Copy(b, 0, second, i * plane, plane);
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw(); // the image's own error, not a wrapper
        }
        return (tensor(first, [count, 3, s, s]), tensor(second, [count, 3, s, s]));
    }
}
