using RedDino.Formats.Imaging;
using RedDino.Pretraining.Data.Sources;

namespace RedDino.Pretraining.Eval;

/// <summary>Some items of a training source, in the given order: the training images minus a
/// held-out set, or the held-out set itself. Loading and errors go through the source.</summary>
public sealed class ImageSubset : ITrainingImages
{
    private readonly ITrainingImages source;
    private readonly int[] indices;

    public ImageSubset(ITrainingImages source, IEnumerable<int> indices)
    {
        this.source = source;
        this.indices = indices.ToArray();
        if (this.indices.Any(i => i < 0 || i >= source.Count))
            throw new ArgumentOutOfRangeException(nameof(indices), $"indices must lie in [0, {source.Count})");
    }

    /// <summary>Indices into the source, in this subset's order.</summary>
    public IReadOnlyList<int> SourceIndices => indices;

    public int Count => indices.Length;

    public RgbImage Load(int index) => source.Load(indices[index]);

    public string Describe(int index) => source.Describe(indices[index]);
}
