using System.Collections.Concurrent;
using System.Diagnostics;
using RedDino.Formats.Imaging;
using RedDino.Pretraining.Data.Augment;
using RedDino.Pretraining.Data.Sources;
using static TorchSharp.torch;

namespace RedDino.Pretraining.Data;

/// <summary>Loads, augments and collates batches on background threads, `prefetch` batches ahead of
/// the training step. Each sample draws from its own generator keyed by (seed, iteration, slot), and
/// the masks from one keyed by (seed, iteration), so a batch is the same whatever the thread timing
/// or the number of workers.</summary>
public sealed class BatchLoader : IDisposable
{
    private readonly ITrainingImages images;
    private readonly CropAugmenter augmenter;
    private readonly MaskingGenerator maskGenerator;
    private readonly SampleOrder order;
    private readonly BatchSpec spec;
    private readonly BlockingCollection<TrainingBatch> queue;
    private readonly CancellationTokenSource cancel = new();
    private readonly Thread producer;
    private Exception? failure;

    /// <summary>Starts producing batches for iterations <paramref name="start"/> .. <paramref name="end"/> - 1.</summary>
    public BatchLoader(ITrainingImages images, CropAugmenter augmenter, MaskingGenerator maskGenerator, BatchSpec spec, long start, long end)
    {
        this.images = images;
        this.augmenter = augmenter;
        this.maskGenerator = maskGenerator;
        this.spec = spec;
        order = new SampleOrder(spec.Seed, images.Count);
        queue = new BlockingCollection<TrainingBatch>(Math.Max(1, spec.Prefetch));
        producer = new Thread(() => Produce(start, end)) { IsBackground = true, Name = "reddino-batch-loader" };
        producer.Start();
    }

    /// <summary>The next batch (in iteration order); rethrows a loading error with the image named.</summary>
    public TrainingBatch Next()
    {
        try
        {
            return queue.Take(cancel.Token);
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
        {
            if (failure is not null)
                throw failure is InvalidDataException or FileNotFoundException ? failure : new InvalidDataException(failure.Message, failure);
            throw new InvalidOperationException("the batch loader has no more batches", e);
        }
    }

    /// <summary>Builds the batch of one iteration on the calling thread (also used by tests).</summary>
    public static TrainingBatch Build(ITrainingImages images, CropAugmenter augmenter, MaskingGenerator maskGenerator,
        BatchSpec spec, SampleOrder order, long iteration)
    {
        var watch = Stopwatch.StartNew();
        var indices = order.Batch(iteration, spec.BatchSize);
        var crops = new SampleCrops[indices.Length];
        var options = new ParallelOptions { MaxDegreeOfParallelism = spec.Workers };
        Parallel.For(0, indices.Length, options, b =>
        {
            RgbImage image;
            try
            {
                image = images.Load(indices[b]);
            }
            catch (Exception e) when (e is not InvalidDataException and not FileNotFoundException)
            {
                throw new InvalidDataException($"{images.Describe(indices[b])}: {e.Message}", e);
            }
            crops[b] = augmenter.Augment(image, SampleRandom.For(spec.Seed, RandomStreams.Augment, iteration, b), spec.LocalCrops, iteration);
        });
        var masks = BatchMasks.Generate(2 * indices.Length, maskGenerator, SampleRandom.For(spec.Seed, RandomStreams.Masks, iteration),
            spec.MaskProbability, spec.MaskRatioMin, spec.MaskRatioMax);
        return Collate(iteration, indices, crops, masks, augmenter, spec.LocalCrops, watch.Elapsed.TotalSeconds);
    }

    private static TrainingBatch Collate(long iteration, int[] indices, SampleCrops[] crops, BatchMasks masks,
        CropAugmenter augmenter, int localCrops, double seconds)
    {
        int b = indices.Length, s = augmenter.GlobalSize, ls = augmenter.LocalSize;
        var global = new float[2 * b * 3 * s * s];
        for (var crop = 0; crop < 2; crop++)
            for (var i = 0; i < b; i++)
                Array.Copy(crops[i].Global[crop], 0, global, (crop * b + i) * 3 * s * s, 3 * s * s);
        float[]? local = null;
        if (localCrops > 0)
        {
            local = new float[localCrops * b * 3 * ls * ls];
            for (var crop = 0; crop < localCrops; crop++)
                for (var i = 0; i < b; i++)
                    Array.Copy(crops[i].Local[crop], 0, local, (crop * b + i) * 3 * ls * ls, 3 * ls * ls);
        }
        var n = masks.Masks[0].Length;
        var flat = new bool[masks.Images * n];
        var maskIndices = new List<long>();
        for (var i = 0; i < masks.Images; i++)
            for (var j = 0; j < n; j++)
                if (masks.Masks[i][j])
                {
                    flat[i * n + j] = true;
                    maskIndices.Add((long)i * n + j);
                }
        var weights = new float[maskIndices.Count];
        for (var k = 0; k < weights.Length; k++)
        {
            var image = (int)(maskIndices[k] / n);
            weights[k] = 1f / Math.Max(1, masks.Masks[image].Count(x => x));
        }
        return new TrainingBatch
        {
            Iteration = iteration,
            Global = tensor(global, [2L * b, 3, s, s]),
            Local = local is null ? null : tensor(local, [(long)localCrops * b, 3, ls, ls]),
            Masks = tensor(flat, [masks.Images, n]),
            MaskIndices = tensor(maskIndices.ToArray(), [maskIndices.Count]),
            MasksWeight = tensor(weights, [weights.Length]),
            UpperBound = masks.UpperBound,
            SampleIndices = indices,
            LoadSeconds = seconds,
        }.Detach();
    }

    private void Produce(long start, long end)
    {
        try
        {
            for (var it = start; it < end && !cancel.IsCancellationRequested; it++)
            {
                var batch = Build(images, augmenter, maskGenerator, spec, order, it);
                try
                {
                    queue.Add(batch, cancel.Token);
                }
                catch (OperationCanceledException)
                {
                    batch.Dispose();
                    return;
                }
            }
        }
        catch (Exception e)
        {
            failure = e is AggregateException { InnerExceptions.Count: > 0 } a ? a.InnerExceptions[0] : e;
        }
        finally
        {
            queue.CompleteAdding();
        }
    }

    public void Dispose()
    {
        cancel.Cancel();
        producer.Join();
        while (queue.TryTake(out var batch))
            batch.Dispose();
        queue.Dispose();
        cancel.Dispose();
    }
}

/// <summary>What a batch holds: B images, L local crops (0 when no loss term uses them), the mask
/// settings, the run seed and the worker count.</summary>
public sealed record BatchSpec(int BatchSize, int LocalCrops, long Seed, int Workers, int Prefetch,
    double MaskProbability, double MaskRatioMin, double MaskRatioMax);
