using RedDino.Pretraining.Config;
using RedDino.Pretraining.Data;
using RedDino.Pretraining.Data.Sources;

namespace RedDino.Pretraining.Eval;

/// <summary>The held-out images of the view-retrieval signal (eval.*). By default a fixed subset of
/// the training source: eval.retrieval_images items drawn by eval.retrieval_seed (not train.seed, so
/// runs with different training seeds share it), removed from what training samples: the training
/// loader only ever sees the complement, so no held-out item is trained on. With
/// eval.retrieval_manifest the held-out images are that manifest's crops instead (e.g. cells of
/// smears the training source excludes), at most eval.retrieval_images of them, and training keeps
/// its whole source. The same configuration gives the same set in every run and every resume.</summary>
public static class HeldOutImages
{
    /// <summary>The random stream tag of the retrieval set (the training streams use 1-3).</summary>
    public const long RandomStream = 4;

    /// <summary>(training images, held-out images); held-out is null when eval.retrieval_images is 0.</summary>
    public static (ITrainingImages Training, ITrainingImages? HeldOut) Split(ITrainingImages source, EvalConfig eval)
    {
        var n = eval.RetrievalImages;
        if (n == 0)
            return (source, null);
        if (eval.RetrievalManifest.Length > 0)
        {
            ITrainingImages external;
            try
            {
                external = new CellCrops(eval.RetrievalManifest, eval.RetrievalDataRoot);
            }
            catch (Exception e) when (e is InvalidDataException or FileNotFoundException or DirectoryNotFoundException)
            {
                throw new InvalidDataException($"eval.retrieval_manifest: {e.Message}", e);
            }
            if (external.Count < 2)
                throw new InvalidDataException($"eval.retrieval_manifest: {eval.RetrievalManifest} has {external.Count} row; view retrieval needs at least 2");
            return (source, external.Count <= n ? external : new ImageSubset(external, Pick(external.Count, n, eval.RetrievalSeed)));
        }
        if (n > source.Count / 2)
            throw new InvalidDataException(
                $"eval.retrieval_images: holding out {n} of the training source's {source.Count} images would leave too few to train on " +
                $"(at most half, {source.Count / 2}, may be held out); lower it, name a held-out set with eval.retrieval_manifest, or set 0 to turn the signal off");
        var heldOut = Pick(source.Count, n, eval.RetrievalSeed);
        var held = new HashSet<int>(heldOut);
        var training = Enumerable.Range(0, source.Count).Where(i => !held.Contains(i));
        return (new ImageSubset(source, training), new ImageSubset(source, heldOut));
    }

    /// <summary><paramref name="n"/> of <paramref name="count"/> indices, drawn by the seed, ascending.</summary>
    public static int[] Pick(int count, int n, long seed)
    {
        var order = Enumerable.Range(0, count).ToList();
        SampleRandom.For(seed, RandomStream, 0).Shuffle(order);
        return [.. order.Take(n).Order()];
    }
}
