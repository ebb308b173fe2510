using RedDino.Formats.Imaging;

namespace RedDino.Pretraining.Data.Sources;

/// <summary>data.source "synthetic_shapes": <paramref name="count"/> images of
/// <see cref="SyntheticShapes"/> (seed data.synthetic_seed, size data.synthetic_size), drawn on demand;
/// their classes are never used.</summary>
public sealed class SyntheticShapeImages(int count, int size, long seed) : ITrainingImages
{
    public int Count => count;

    public RgbImage Load(int index) => SyntheticShapes.Render(SyntheticShapes.Draw(seed, index, size), size);

    public string Describe(int index) => $"synthetic shape {index} of seed {seed}";
}
