using RedDino.Formats.Manifests;
using RedDino.Formats.Imaging;

namespace RedDino.Pretraining.Data.Sources;

/// <summary>A labelled evaluation set of <see cref="SyntheticShapes"/>: image i of the seed as
/// <c>images/shape_NNNNN.png</c> under a folder, and a manifest (path relative to that folder,
/// label = the shape's name) in index order. The same seed, count and size always give the same
/// files; use a seed other than the pretraining run's data.synthetic_seed so the set is held out.</summary>
public static class SyntheticShapeSet
{
    public static Manifest Write(string folder, int count, long seed, int size, IProgress<int>? progress = null)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), "count must be positive");
        if (size < 8) throw new ArgumentOutOfRangeException(nameof(size), "size must be at least 8 pixels");
        var rows = new ManifestRow[count];
        var done = 0;
        Parallel.For(0, count, i =>
        {
            var spec = SyntheticShapes.Draw(seed, i, size);
            var relative = $"images/shape_{i:D5}.png";
            PngWriter.Save(SyntheticShapes.Render(spec, size), Path.Combine(folder, relative));
            rows[i] = new ManifestRow(relative, SyntheticShapes.Names[spec.Shape]);
            progress?.Report(Interlocked.Increment(ref done));
        });
        return new Manifest(rows, ["path", "label"]);
    }
}
