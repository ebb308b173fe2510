using RedDino.Formats.Imaging;

namespace RedDino.Pretraining.Data.Sources;

/// <summary>An indexed set of training images (smear patches or cell crops), labels never used.
/// <see cref="Load"/> is thread-safe and returns an RGB image that callers must not change.</summary>
public interface ITrainingImages
{
    int Count { get; }

    RgbImage Load(int index);

    /// <summary>Where image <paramref name="index"/> comes from (for error messages).</summary>
    string Describe(int index);
}
