namespace RedDino.Pretraining.Data;

/// <summary>Which dataset image fills each slot of each batch: the images are visited in a fresh
/// random permutation per pass (seeded by the run seed and the pass number), batches taking
/// consecutive slots of the endless sequence. A function of (seed, iteration) only, so a resumed
/// run sees exactly the images it would have seen.</summary>
public sealed class SampleOrder
{
    private readonly long seed;
    private readonly int count;
    private int cachedPass = -1;
    private int[] cachedPermutation = [];

    public SampleOrder(long seed, int count)
    {
        if (count <= 0) throw new ArgumentException("no training images", nameof(count));
        this.seed = seed;
        this.count = count;
    }

    public int[] Batch(long iteration, int batchSize)
    {
        var result = new int[batchSize];
        for (var b = 0; b < batchSize; b++)
        {
            var slot = iteration * batchSize + b;
            result[b] = Permutation((int)(slot / count))[(int)(slot % count)];
        }
        return result;
    }

    private int[] Permutation(int pass)
    {
        lock (this)
        {
            if (pass != cachedPass)
            {
                var order = Enumerable.Range(0, count).ToList();
                SampleRandom.For(seed, RandomStreams.Order, pass).Shuffle(order);
                cachedPermutation = [.. order];
                cachedPass = pass;
            }
            return cachedPermutation;
        }
    }
}

/// <summary>Purpose tags that keep the random streams of the run independent.</summary>
public static class RandomStreams
{
    public const long Order = 1;
    public const long Augment = 2;
    public const long Masks = 3;
}
