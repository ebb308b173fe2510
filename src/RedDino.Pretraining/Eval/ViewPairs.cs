using RedDino.Pretraining.Data;
using RedDino.Pretraining.Data.Augment;
using RedDino.Pretraining.Data.Sources;

namespace RedDino.Pretraining.Eval;

/// <summary>Two views of each of <see cref="Count"/> images, as normalised float CHW arrays of
/// <see cref="Size"/> x <see cref="Size"/> pixels. The same index always gives the same views.</summary>
public interface IViewPairs
{
    int Count { get; }
    int Size { get; }

    (float[] First, float[] Second) Pair(int index);
}

/// <summary>Training-style views of held-out images: the two global crops the training augmenter
/// makes of image k (random resized crop, the configured colour pipeline, normalisation), drawn from
/// a generator keyed by (eval.retrieval_seed, k) only, so the set is identical at every checkpoint
/// and across resumes.</summary>
public sealed class AugmentedViewPairs(ITrainingImages images, CropAugmenter augmenter, long seed) : IViewPairs
{
    public int Count => images.Count;
    public int Size => augmenter.GlobalSize;

    public (float[] First, float[] Second) Pair(int index)
    {
        try
        {
            var image = images.Load(index);
            var crops = augmenter.Augment(image, SampleRandom.For(seed, HeldOutImages.RandomStream, 1, index), localCrops: 0);
            return (crops.Global[0], crops.Global[1]);
        }
        catch (Exception e) when (e is not InvalidDataException and not FileNotFoundException)
        {
            throw new InvalidDataException($"{images.Describe(index)}: {e.Message}", e);
        }
    }
}
